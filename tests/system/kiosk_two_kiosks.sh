# kiosk_two_kiosks.sh - one kiosk per card: two kiosks on one pcscd and one
# reader (a tty1 kiosk and an SSH session would be), each with its own name
# (--terminal), monitor socket and audit trail. The one that takes the card
# holds the reader for the whole visit; the other says the reader is in use
# at another terminal, sends the card no command at all, and serves the
# next card when the first lets go: when the card is out, or at once when
# the first kiosk ends while the card is still in. Each citizen's screen
# matches the card.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

BUSY=$(ek_msg en reader_busy_title)
ek_card_init new --start new --gen 2022 --puk 12345678
EK_KIOSK_CONF=$(ek_kiosk_config)
# Every command a kiosk sends is logged on its stderr (header only).
export EIDKIOSK_DEBUG_APDU=1
EK_PANE=a
ek_kiosk_start --lang en --terminal a
ek_wait_screen "Welcome"
EK_PANE=b
ek_kiosk_start --lang en --terminal b
ek_wait_screen "Welcome"

# Commands kiosk NAME has sent so far.
sent() {
	grep -c '^apdu>' "$(ek_pane_file "$1" err)"
}

# The kiosk whose screen shows TEXT now: a or b, "" when neither.
showing() {
	local k
	for k in a b; do
		ek_use "$k"
		ek_screen_says "$1" && { echo "$k"; return; }
	done
}

# Both kiosks settled: one offers the activation, the other says busy.
settled() {
	[ -n "$(showing "Press Enter when you are ready.")" ] &&
		[ -n "$(showing "$BUSY")" ]
}

ek_card_insert new
ek_wait_for "one kiosk takes the card, the other says it is busy" 15 settled
holder=$(showing "Press Enter when you are ready.")
other=$(showing "$BUSY")
[ "$holder" != "$other" ] || ek_fail "one kiosk shows both"
echo "ok: kiosk $holder took the card, kiosk $other says the reader is busy"
ek_use "$other"
ek_screen_says "$(ek_msg en reader_busy_text)" ||
	ek_fail "the busy kiosk does not say what to do"
before=$(sent "$other")

# The whole activation on the holder; the other keeps out.
ek_use "$holder"
ek_keys Enter
ek_activate 12345678 2580 258046
ek_card_holds new pin1 2580 || ek_fail "the card does not hold the new PIN1"
ek_card_holds new pin2 258046 || ek_fail "the card does not hold the new PIN2"
ek_use "$other"
ek_screen_says "$BUSY" || ek_fail "the other kiosk stopped saying the reader is busy"
ek_screen_says "activated" && ek_fail "the other kiosk tells of an activation it did not do"
ek_expect_eq "commands the busy kiosk sent the card" "$before" "$(sent "$other")"
[ "$(sent "$holder")" -gt 0 ] || ek_fail "the holder's commands were not logged"

# Staff watch each kiosk by its name: the monitor of the busy one says so,
# also when the name comes the way the staff sshd block passes it.
"$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor --terminal "$other" \
	>"$EK_TMP/mon-other.out" 2>&1 &
mon_other=$!
SSH_ORIGINAL_COMMAND=$holder "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor \
	>"$EK_TMP/mon-holder.out" 2>&1 &
mon_holder=$!
ek_wait_for "kiosk $other's monitor: the reader is busy" 10 \
	grep -q ' reader=busy ' "$EK_TMP/mon-other.out"
ek_wait_for "kiosk $holder's monitor: the activated card" 10 \
	grep -q 'screen=done.* reader=ok ' "$EK_TMP/mon-holder.out"
ek_stop_pid "$mon_other"
ek_stop_pid "$mon_holder"

# Card out: the busy kiosk is free again and asks for a card.
ek_card_remove new
ek_use "$other"
ek_wait_says "$(ek_msg en welcome_insert)"
ek_screen_says "$BUSY" && ek_fail "still busy with no card in"

# Card in again, then the kiosk that takes it ends (its terminal closed):
# the other takes over the card by itself, without it being reinserted,
# and shows the card as it is now.
ek_card_insert new
ek_wait_for "one kiosk takes the card again, the other says it is busy" 15 \
	eval '[ -n "$(showing "What would you like to do?")" ] && [ -n "$(showing "$BUSY")" ]'
holder=$(showing "What would you like to do?")
other=$(showing "$BUSY")
ek_use "$holder"
kill -HUP "$(ek_kiosk_pid)"
ek_wait_for "kiosk $holder to end on SIGHUP" 30 ek_kiosk_exited
ek_use "$other"
ek_wait_screen "What would you like to do?" 15
ek_screen_says "Your card is activated" ||
	ek_fail "kiosk $other does not show the card as activated"

# Each kiosk kept its own audit trail, named by its terminal.
for k in a b; do
	grep -q "event=audit_start .*terminal=$k" "$EK_TMP/audit-$k.log" ||
		ek_fail "kiosk $k's audit trail does not open with terminal=$k"
done
grep -q 'event=card_op op=reset_retry' "$EK_TMP/audit-a.log" "$EK_TMP/audit-b.log" ||
	ek_fail "no activation in either audit trail"
ek_expect_eq "activations written, in both trails together" 2 \
	"$(cat "$EK_TMP/audit-a.log" "$EK_TMP/audit-b.log" |
		grep -c 'event=card_op op=reset_retry .*result=ok')"
[ -S "/run/eidkiosk/monitor-$other.sock" ] ||
	ek_fail "kiosk $other has no monitor socket of its own"
ek_end
