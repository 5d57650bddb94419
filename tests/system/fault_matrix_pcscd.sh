# fault_matrix_pcscd.sh - pcscd killed (SIGKILL) and restarted at each step
# of an activation (issue #6): on the introduction, while the activation
# code is typed, while PIN1 is typed, and while the card works. Each time
# the kiosk says the service is not available (and not that the card was
# removed: it never was), and once pcscd is back it reads the same card
# again, which the virtual card's reconnection makes possible, and the
# activation starts over from what the card holds.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
. "$top_srcdir/tests/system/fault_matrix_lib.sh"
ek_begin "$@"
fm_texts

PUK=12345678 PIN1=2580
NEW="pin1=5/no pin2=5/no puk=5/yes"
INTRO="Press Enter when you are ready."
ek_card_init base --start new --gen 2022 --puk "$PUK"
ek_kiosk_start --lang en
fm_wait_screen "$FM_WELCOME"

# ends REASON: how many journeys the audit trail says ended so.
ends() {
	grep -c "event=journey_end .*reason=$1 " "$EK_TMP/audit.log"
}

# The service-down screen with what became of the card.
service_story() {
	fm_says "$FM_SERVICE" && { fm_says "$FM_NOTHING" || fm_says "$FM_LOST"; }
}

# pcscd_cycle WHERE: kill pcscd now; the kiosk tells the service is down
# (on the screen, and as the journey's end in the audit trail), then reads
# the card again when pcscd is back and starts over from what it holds:
# nothing changed, or (only if the screen said it was not known) PIN1 set.
pcscd_cycle() {
	local down removed said=nothing
	FM_CASE="pcscd killed $1"
	echo "--- $FM_CASE"
	down=$(ends service_down) removed=$(ends card_removed)
	ek_pcscd_stop KILL
	# Typing: nothing was changed. Working: that too, or not known (the
	# write may have reached the card), never that the card was removed.
	fm_wait "'$FM_SERVICE' and what became of the card" 10 service_story
	fm_says "$FM_LOST" && said=unknown
	! fm_has "$FM_REMOVED" || ek_fail "$FM_CASE: the screen says the card was removed"
	! fm_says "$FM_UNKNOWN" || ek_fail "$FM_CASE: the screen says the card was removed"
	[ "$(ends service_down)" -eq $((down + 1)) ] && [ "$(ends card_removed)" -eq "$removed" ] ||
		ek_fail "$FM_CASE: the audit trail does not end the journey with reason=service_down:
$(cat "$EK_TMP/audit.log")"
	ek_pcscd_start
	fm_wait "the card read again" 15 fm_has "$INTRO"
	ek_keys Enter
	fm_wait "the activation code asked" 10 fm_has "Step 1 of"
	if fm_has "Step 1 of 3"; then
		[ "$said" = unknown ] ||
			ek_fail "$FM_CASE: the screen said nothing was changed, but PIN1 was set"
		fm_card "pin1=5/yes pin2=5/no puk=5/yes" pin1 "$PIN1"
	else
		fm_has "Step 1 of 5" || ek_fail "$FM_CASE: not the activation's first step"
		fm_card "$NEW"
	fi
	ek_keys Escape
	fm_wait_screen "$INTRO"
	FM_CASES=$((FM_CASES + 1))
}

fm_insert
fm_wait_screen "$INTRO"
pcscd_cycle "on the introduction"

ek_keys Enter
fm_wait_screen "Step 1 of 5"
ek_type "${PUK:0:4}"
fm_wait_screen "* * * *"
pcscd_cycle "while the activation code is typed"

ek_keys Enter "$PUK" Enter
fm_wait_screen "Step 2 of 5"
ek_type "${PIN1:0:2}"
fm_wait_screen "* *"
pcscd_cycle "while PIN1 is typed"

# While working: a card that answers each command after 200 ms; pcscd dies
# as soon as the card has answered the operation's first command (SELECT),
# usually before the write reaches the card (on a slow run, after).
ek_stop_pid "$EK_VCARD_PID"
EK_VCARD_PID=
fm_wait "the card out" 10 fm_left
fm_has "$FM_WELCOME" || ek_keys Enter
fm_wait_screen "$FM_WELCOME"
fm_insert --fault slow:200
fm_wait_screen "$INTRO" 15
read_cmds=$(fm_cmds c)
ek_keys Enter "$PUK" Enter "$PIN1" Enter "$PIN1" Enter
selected() {
	[ "$(fm_cmds c)" -gt "$read_cmds" ]
}
ek_wait_for "the card to start working" 10 selected
pcscd_cycle "while the card works"

fm_no_codes "$PUK" "$PIN1"
ek_audit_has "audit: every journey cut by pcscd" 'reason=service_down '
fm_done "pcscd killed at $FM_CASES steps of the activation"
