# fault_matrix_journeys.sh - the fault matrix of unblocking and changing
# PIN1: every fault at every command of the card operation.
# After each case the screen tells the truth (nothing changed, the change
# saved, or not known), the card holds exactly that, and the kiosk takes
# the next citizen's card.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
. "$top_srcdir/tests/system/fault_matrix_lib.sh"
ek_begin "$@"
fm_texts

PUK=73915062 OLD=1357 NEW=4826
MENU=$(ek_msg en menu_title)
ek_kiosk_start --lang en
fm_wait_screen "$FM_WELCOME"
total=0

# fm_journey_check KIND K BEFORE AFTER CODE DONE_TITLE DONE_TEXT: the
# story of a write that turns card state BEFORE (PIN1 holds CODE) into
# AFTER (PIN1 holds $NEW).
fm_journey_check() {
	fm_write_story "$1" "$2"
	case $FM_GONE/$FM_STORY in
	1/none) fm_story "$FM_REMOVED" "$FM_NOTHING" "$FM_UNKNOWN" "$FM_SAVED" ;;
	1/unknown) fm_story "$FM_REMOVED" "$FM_UNKNOWN" "$FM_NOTHING" "$FM_SAVED" ;;
	1/done) fm_story "$FM_REMOVED" "$FM_SAVED" "$FM_NOTHING" "$FM_UNKNOWN" ;;
	/none) fm_story "$FM_ERROR" "$FM_ERROR_TEXT" "$FM_ERROR_UNKNOWN" ;;
	/unknown) fm_story "$FM_ERROR" "$FM_ERROR_UNKNOWN" "$FM_ERROR_TEXT" ;;
	/done) fm_story "$6" "$7" ;;
	esac
	if fm_write_applied "$1" "$2"; then
		fm_card "$4" pin1 "$NEW"
	else
		fm_card "$3" pin1 "$5"
	fi
}

# fm_count KEYS...: a clean run of the journey (KEYS from the menu send
# the new PIN) counts the commands of its card operation.
fm_count() {
	fm_insert
	fm_wait_screen "$MENU"
	read_cmds=$(fm_cmds c)
	ek_keys "$@"
	fm_wait_screen "$done_title" 15
	op_cmds=$(( $(fm_cmds c) - read_cmds ))
	FM_WRITE=$(fm_write_at c "$read_cmds")
	echo "commands: reading $read_cmds, operation $op_cmds (the write: $FM_WRITE)"
	[ "$op_cmds" -gt "$FM_WRITE" ] || ek_fail "too few commands counted"
}

# journey_matrix START BEFORE DONE_TITLE DONE_TEXT KEYS...: on a START card
# (state BEFORE, PIN1 $OLD), count a clean run of the journey that KEYS
# type from the menu, then run every fault at every command of its card
# operation. It always ends with PIN1 $NEW and every code active.
AFTER="pin1=5/yes pin2=5/yes puk=5/yes"
journey_matrix() {
	ek_card_init base --start "$1" --gen 2022 --puk "$PUK" --pin1 "$OLD"
	before=$2 done_title=$(ek_msg en "$3") done_text=$(ek_msg en "$4")
	shift 4
	keys=("$@")
	fm_count "${keys[@]}"
	FM_CASE=clean fm_card "$AFTER" pin1 "$NEW"
	FM_CASE=clean fm_release
	fm_matrix "$read_cmds" "$op_cmds"
	total=$((total + op_cmds))
}
fm_run() {
	fm_wait_screen "$MENU"
	ek_keys "${keys[@]}"
}
fm_check() {
	fm_journey_check "$1" "$2" "$before" "$AFTER" "$OLD" "$done_title" \
		"$done_text"
}

# Unblocking a blocked PIN1: menu choice 1, the activation code, the new
# PIN twice.
journey_matrix pin1-blocked "pin1=0/yes pin2=5/yes puk=5/yes" \
	done_unblocked_title done_unblocked_pin1 \
	1 Enter "$PUK" Enter "$NEW" Enter "$NEW" Enter

# Changing PIN1 on an active card: menu choice 2, the current PIN, the new
# PIN twice. The insertion also reads the last unblocking case's card out.
journey_matrix active "$AFTER" done_changed_title done_changed_pin1 \
	2 Enter "$OLD" Enter "$NEW" Enter "$NEW" Enter

# The last case's card is out: a fresh card is read.
fm_insert
fm_wait_screen "$MENU"
fm_no_codes "$PUK" "$OLD" "$NEW"
fm_done "unblocking and changing PIN1: $total commands x 4 faults"
