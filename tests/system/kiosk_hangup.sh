# kiosk_hangup.sh - the terminal hangs up (SIGHUP: an SSH link dropped, a
# terminal closed) while the card is writing a PIN: the kiosk lets the
# write finish before it leaves, the audit says what the card did and that
# the journey was stopped, and the next visit tells what the card holds
# (PIN1 set, PIN2 not yet: the activation goes on from there).
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

WRITE_MS=$((3000 * EK_BUSY))
# a card call may take that long here, and more
export EIDKIOSK_CARD_TIMEOUT_MS=$((WRITE_MS * 3))
ek_card_init new --start new --gen 2022 --puk 12345678
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert new --fault slow-write:$WRITE_MS
ek_wait_screen "Press Enter when you are ready." 15
ek_keys Enter
ek_activate_pin1 12345678 2580
ek_wait_says "$(ek_msg en working)"
kill -HUP "$(ek_kiosk_pid)"
hup=$(ek_now_ms)
ek_wait_for "the kiosk to end once the card answered" $((WRITE_MS / 1000 + 20)) \
	ek_kiosk_exited
# The card answers WRITE_MS after the write reached it, and the hangup came
# right after "Working" showed: leaving sooner would not have waited.
waited=$(($(ek_now_ms) - hup))
[ "$waited" -ge $((WRITE_MS / 2)) ] ||
	ek_fail "the kiosk left $waited ms after the hangup, before the card answered"
echo "ok: the kiosk left $waited ms after the hangup (the card answers after $WRITE_MS ms)"
ek_expect_eq "exit status after SIGHUP" 0 "$(ek_kiosk_status)"
ek_card_holds new pin1 2580 || ek_fail "the card does not hold the new PIN1"
ek_audit_has "the write as the card did it" \
	'event=card_op op=reset_retry code=puk result=ok'
ek_audit_has "the journey stopped, not cancelled" \
	'event=journey_end journey=activate reason=stopped'
ek_expect_match "the write came before the stop" 'event=journey_end journey=activate reason=stopped' \
	"$(grep -A1 'event=card_op op=reset_retry' "$EK_TMP/audit.log" | tail -n 1)"
ek_no_codes 12345678 2580

# The next visit: PIN1 is set, the activation goes on with PIN2.
ek_tmux kill-session -t k
ek_card_remove
ek_card_insert new
ek_kiosk_start --lang en
ek_wait_screen "Continue the activation" 15
ek_wait_says "The basic PIN (PIN1) was already set. Now set the signature PIN (PIN2)."
ek_end
