# fault_matrix_test.sh - the fault matrix of "test my card", PIN1 (issue
# #6): every fault at every command of the PIN test (select, certificate,
# verify, signature, the states). A test changes nothing: a pulled card
# says so, a card that stops answering or answers garbage before the
# signature gets an error screen, after it the test result, and the card
# keeps its PIN and its tries. Then the kiosk takes the next citizen's card.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
. "$top_srcdir/tests/system/fault_matrix_lib.sh"
ek_begin "$@"
fm_texts

PIN1=2468
STATE="pin1=5/yes pin2=5/yes puk=5/yes"
MENU=$(ek_msg en menu_title)
WORKS=$(ek_msg en test_ok_title)
WORKS_TEXT=$(ek_msg en test_ok_text)
ek_card_init base --start active --gen 2022 --pin1 "$PIN1"
ek_kiosk_start --lang en
fm_wait_screen "$FM_WELCOME"

# A clean test, step by step, counts the commands; the signature is done
# when the code states are read again (GET DATA, 00 CB, after the VERIFY).
fm_insert
fm_wait_screen "$MENU"
read_cmds=$(fm_cmds c)
ek_keys 1
fm_wait_screen "$(ek_msg en info_title)"
ek_keys 1
fm_wait_screen "$(ek_msg en prompt_test_pin1)"
ek_type "$PIN1"; ek_keys Enter
fm_wait_screen "$WORKS" 15
op_cmds=$(( $(fm_cmds c) - read_cmds ))
signed=$(grep -- ' -> ' "$EK_TMP/c.log" | tail -n "$op_cmds" |
	awk '/^0020/ { v = 1 } v && /^00CB/ { print NR - 1; exit }')
echo "commands: reading $read_cmds, PIN test $op_cmds, signed after $signed"
[ -n "$signed" ] && [ "$signed" -gt 2 ] && [ "$signed" -lt "$op_cmds" ] ||
	ek_fail "the signature was not found among the test's commands"
FM_CASE=clean fm_card "$STATE" pin1 "$PIN1"
FM_CASE=clean fm_release

fm_run() {
	fm_wait_screen "$MENU"
	ek_keys 1 1 "$PIN1" Enter
}
fm_check() {
	case $1 in
	vanish-*) fm_story "$FM_REMOVED" "$FM_NOTHING" "$FM_UNKNOWN" ;;
	*)
		if [ "$2" -le "$signed" ]; then
			fm_story "$FM_ERROR" "$FM_ERROR_TEXT" "$FM_ERROR_UNKNOWN"
		else
			fm_story "$WORKS" "$WORKS_TEXT"
		fi
		;;
	esac
	fm_card "$STATE" pin1 "$PIN1"
}
fm_matrix "$read_cmds" "$op_cmds"

# The last case's card is out: a fresh card is read.
fm_insert
fm_wait_screen "$MENU"
fm_no_codes "$PIN1"
fm_done "testing PIN1: $op_cmds commands x 4 faults"
