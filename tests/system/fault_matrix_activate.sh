# fault_matrix_activate.sh - the fault matrix of the activation:
# the activation code and PIN1, then PIN2, on a new card; every fault at
# every command of both card operations. After each case the screen tells
# the truth (nothing changed, PIN1 set, everything set, or not known), the
# card holds exactly that, and the kiosk takes the next citizen's card.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
. "$top_srcdir/tests/system/fault_matrix_lib.sh"
ek_begin "$@"
fm_texts

PUK=73915062 PIN1=2580 PIN2=258046
NEW="pin1=5/no pin2=5/no puk=5/yes"
HALF="pin1=5/yes pin2=5/no puk=5/yes"
FULL="pin1=5/yes pin2=5/yes puk=5/yes"
INTRO=$(ek_msg en act_intro_start)
PIN1_DONE=$(ek_msg en pin1_done)
DONE_TITLE=$(ek_msg en done_activated_title)
DONE_TEXT=$(ek_msg en done_activated_text)
for n in 1 2 3 4 5; do
	declare "STEP$n=$(ek_msg en step_of step=$n steps=5)"
done
ek_card_init base --start new --gen 2022 --puk "$PUK"
ek_kiosk_start --lang en
fm_wait_screen "$FM_WELCOME"

# From the card being read to PIN1 sent with the activation code. The
# clean run waits for every step; the cases type ahead (the entries need
# no card, so the kiosk takes the keys in order) to keep them short.
to_pin1() {
	fm_wait_screen "$INTRO"
	ek_keys Enter "$PUK" Enter "$PIN1" Enter "$PIN1" Enter
}

# From PIN1 set to PIN2 sent.
to_pin2() {
	fm_wait_screen "$STEP4" 15
	ek_keys "$PIN2" Enter "$PIN2" Enter
}

# A clean activation, step by step, counts the commands of each operation.
fm_insert
fm_wait_screen "$INTRO"
read_cmds=$(fm_cmds c)
ek_keys Enter
fm_wait_screen "$STEP1"
ek_type "$PUK"; ek_keys Enter
fm_wait_screen "$STEP2"
ek_type "$PIN1"; ek_keys Enter
fm_wait_screen "$STEP3"
ek_type "$PIN1"; ek_keys Enter
fm_wait_screen "$STEP4" 15
pin1_cmds=$(( $(fm_cmds c) - read_cmds ))
ek_type "$PIN2"; ek_keys Enter
fm_wait_screen "$STEP5"
ek_type "$PIN2"; ek_keys Enter
fm_wait_screen "$DONE_TITLE" 15
pin2_cmds=$(( $(fm_cmds c) - read_cmds - pin1_cmds ))
write1=$(fm_write_at c "$read_cmds")
write2=$(fm_write_at c "$((read_cmds + pin1_cmds))")
echo "commands: reading $read_cmds, PIN1 $pin1_cmds (the write: $write1)," \
	"PIN2 $pin2_cmds (the write: $write2)"
[ "$pin1_cmds" -gt "$write1" ] && [ "$pin2_cmds" -gt "$write2" ] ||
	ek_fail "too few commands counted"
FM_CASE=clean fm_card "$FULL" pin1 "$PIN1" pin2 "$PIN2"
FM_CASE=clean fm_release

# Faults in setting PIN1.
fm_run() {
	to_pin1
}
fm_check() {
	fm_write_story "$@"
	case $FM_GONE/$FM_STORY in
	1/none) fm_story "$FM_REMOVED" "$FM_NOTHING" "$FM_UNKNOWN" ;;
	1/unknown) fm_story "$FM_REMOVED" "$FM_UNKNOWN" "$FM_NOTHING" ;;
	1/done)
		fm_story "$FM_REMOVED" "$FM_PIN1_SET" "$FM_NOTHING" "$FM_UNKNOWN"
		ek_says "$FM_AGAIN" || ek_fail "$FM_CASE: not asked to insert again"
		;;
	/none) fm_story "$FM_ERROR" "$FM_ERROR_TEXT" "$FM_ERROR_UNKNOWN" ;;
	/unknown) fm_story "$FM_ERROR" "$FM_ERROR_UNKNOWN" "$FM_ERROR_TEXT" ;;
	/done) fm_story "$STEP4" "$PIN1_DONE" ;;
	esac
	if fm_write_applied "$@"; then
		fm_card "$HALF" pin1 "$PIN1"
	else
		fm_card "$NEW"
	fi
}
FM_WRITE=$write1
fm_matrix "$read_cmds" "$pin1_cmds"

# Faults in setting PIN2, after PIN1 was set in the same visit.
fm_run() {
	to_pin1
	to_pin2
}
fm_check() {
	fm_write_story "$@"
	case $FM_GONE/$FM_STORY in
	1/none) fm_story "$FM_REMOVED" "$FM_PIN1_SET" "$FM_NOTHING" "$FM_UNKNOWN" ;;
	1/unknown) fm_story "$FM_REMOVED" "$FM_UNKNOWN" "$FM_NOTHING" ;;
	1/done)
		fm_story "$FM_REMOVED" "$DONE_TEXT" "$FM_NOTHING" \
			"$FM_UNKNOWN" "$FM_AGAIN"
		;;
	/none)
		fm_story "$FM_ERROR" "$FM_PIN1_SET" "$FM_ERROR_UNKNOWN"
		ek_says "$FM_ERROR_TEXT" || ek_fail "$FM_CASE: the error not told"
		;;
	/unknown) fm_story "$FM_ERROR" "$FM_ERROR_UNKNOWN" "$FM_ERROR_TEXT" "$FM_PIN1_SET" ;;
	/done) fm_story "$DONE_TITLE" "$DONE_TEXT" ;;
	esac
	if fm_write_applied "$@"; then
		fm_card "$FULL" pin1 "$PIN1" pin2 "$PIN2"
	else
		fm_card "$HALF" pin1 "$PIN1"
	fi
}
FM_WRITE=$write2
fm_matrix "$((read_cmds + pin1_cmds))" "$pin2_cmds"

# The last case's card is out: a fresh card is read.
fm_insert
fm_wait_screen "$INTRO"
fm_no_codes "$PUK" "$PIN1" "$PIN2"
fm_done "activation: $((pin1_cmds + pin2_cmds)) commands x 4 faults"
