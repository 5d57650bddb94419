# fault_matrix_pcscd_menu.sh - pcscd killed (SIGKILL) and restarted at each
# step of the journeys of an activated card: unblocking PIN1 (on
# the menu, on its introduction, while the activation code and the new PIN
# are typed, while the card works), changing PIN1 (while the current PIN is
# typed, while the card works) and testing PIN1 (on the card's details,
# while the PIN is typed, while the card works). Each time the screen says
# the service is down and what became of the card, the audit trail ends
# the journey with reason=service_down, and once pcscd is back the card is
# read again into the menu, holding what the screen said.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
. "$top_srcdir/tests/system/fault_matrix_lib.sh"
ek_begin "$@"
fm_texts

PUK=73915062 OLD=1357 NEW=4826
MENU=$(ek_msg en menu_title)
ACTIVE="pin1=5/yes pin2=5/yes puk=5/yes"
BLOCKED="pin1=0/yes pin2=5/yes puk=5/yes"
# No card is mute here: calls may take as long as the card holds a write.
EIDKIOSK_CARD_TIMEOUT_MS=$((FM_SLOW_WRITE_MS * 4))
ek_kiosk_start --lang en
fm_wait_screen "$FM_WELCOME"

# kill_at WHERE BEFORE [welcome [idle]]: kill pcscd now (fm_pcscd_kill);
# when it is back the card is read into the menu again and holds BEFORE
# with PIN1 $OLD or, only if the screen said it was not known, every code
# active with PIN1 $NEW (the write reached the card).
kill_at() {
	fm_pcscd_kill "$1" "${3:-}" "${4:-}"
	fm_wait_screen "$MENU" 15
	if [ "$FM_SAID" = unknown ] && ek_card_holds c pin1 "$NEW"; then
		fm_card "$ACTIVE" pin1 "$NEW"
	else
		fm_card "$2" pin1 "$OLD"
	fi
}

# next_card START: the next citizen's card, starting in state START.
next_card() {
	fm_release
	ek_card_init base --start "$1" --gen 2022 --puk "$PUK" --pin1 "$OLD"
	fm_insert
	fm_wait_screen "$MENU" 15
}

# Unblocking a blocked PIN1.
ek_card_init base --start pin1-blocked --gen 2022 --puk "$PUK" --pin1 "$OLD"
fm_insert
fm_wait_screen "$MENU" 15
kill_at "on the menu" "$BLOCKED" welcome idle
ek_keys 1
fm_wait_screen "$(ek_msg en unblock_pin1_title)"
kill_at "on the unblocking's introduction" "$BLOCKED"
ek_keys 1 Enter
fm_wait_screen "Step 1 of 3"
ek_type "${PUK:0:4}"
fm_wait_screen "* * * *"
kill_at "while the activation code is typed" "$BLOCKED"
ek_keys 1 Enter "$PUK" Enter
fm_wait_screen "Step 2 of 3"
ek_type "${NEW:0:2}"
fm_wait_screen "* *"
kill_at "while the new PIN1 is typed" "$BLOCKED"
fm_slow_start "$MENU" 1 Enter "$PUK" Enter "$NEW" Enter "$NEW" Enter
kill_at "while the card unblocks PIN1" "$BLOCKED"

# Changing PIN1.
next_card active
ek_keys 2 Enter
fm_wait_screen "Step 1 of 3"
ek_type "${OLD:0:2}"
fm_wait_screen "* *"
kill_at "while the current PIN1 is typed" "$ACTIVE"
fm_slow_start "$MENU" 2 Enter "$OLD" Enter "$NEW" Enter "$NEW" Enter
kill_at "while the card changes PIN1" "$ACTIVE"

# Testing PIN1: nothing is written, so nothing can have changed.
next_card active
ek_keys 1
fm_wait_screen "$(ek_msg en info_title)"
kill_at "on the card's details" "$ACTIVE" welcome
ek_keys 1 1
fm_wait_screen "$(ek_msg en prompt_test_pin1)"
ek_type "${OLD:0:2}"
fm_wait_screen "* *"
kill_at "while PIN1 is typed for the test" "$ACTIVE"
fm_slow_start "$MENU" 1 1 "$OLD" Enter
kill_at "while the card tests PIN1" "$ACTIVE"
[ "$FM_SAID" = nothing ] || ek_fail "a PIN test said the card may have changed"

fm_no_codes "$PUK" "$OLD" "$NEW"
ek_audit_has "audit: every journey cut by pcscd" 'reason=service_down '
fm_done "pcscd killed at $FM_CASES steps of unblocking, changing and testing PIN1"
