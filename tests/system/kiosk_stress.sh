# kiosk_stress.sh - no code is left in the kiosk's memory, whatever the
# timing. The machine is kept busy on purpose (stress-ng on
# every core, for as long as the test runs and no longer) while the real
# kiosk (tmux pty, private pcscd + vpcd, eidkiosk-vcard) takes journey
# after journey that ends every way a journey can end: done, the card
# pulled while a code is typed or while it is written, the card mute or
# garbled at the write, pcscd killed, the language switched, a staff reset
# from the monitor, the code entry timed out, the idle time out. After each
# one the kiosk's whole memory, the locked secret arena included, holds
# none of the codes (tests/system/memscan says where, if one is found).
# The first round runs every ending; more rounds of the quick ones follow
# until STRESS_S seconds have passed (a valgrind run does one round).
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
. "$top_srcdir/tests/system/fault_matrix_lib.sh"
ek_begin "$@"
ek_need stress-ng stress-ng
fm_texts

STRESS_S=${STRESS_S:-60}
PUK=61403857 PIN1=4826 PIN2=739150 NEW=3917
EK_KIOSK_CONF=$(ek_kiosk_config \
	"timeouts = { code_entry = 10; idle = 15; idle_question = 5; max_code_timeouts = 1; };" \
	"staff = { reset_allowed = true;" \
	"  monitor_socket = \"$EK_TMP/monitor.sock\"; };")
INTRO=$(ek_msg en act_intro_start)
MENU=$(ek_msg en menu_title)
WORKING=$(ek_msg en working)
DONE_ACT=$(ek_msg en done_activated_title)
DONE_CHANGED=$(ek_msg en done_changed_title)
TIMED_OUT=$(ek_msg en timeout_title)
GOODBYE=$(ek_msg en goodbye_plain)   # a time-out: no thank-you
STEP1=$(ek_msg en step_of step=1 steps=5)
STEP2=$(ek_msg en step_of step=2 steps=5)
STEP4=$(ek_msg en step_of step=4 steps=5)

ek_card_init new --start new --gen 2022 --puk "$PUK"
ek_card_init active --start active --gen 2022 --puk "$PUK" --pin1 "$PIN1" \
	--pin2 "$PIN2"
ek_card_init blocked --start pin1-blocked --gen 2022 --puk "$PUK" \
	--pin2 "$PIN2"

# The load below makes every program slower: a card that answers must not
# look mute (fault_matrix_lib.sh measured the machine before the load).
EIDKIOSK_CARD_TIMEOUT_MS=$((1000 * EK_BUSY_MAX))
ek_kiosk_start --lang en
fm_wait_screen "$FM_WELCOME" 15

# The load: a CPU hog per core, ended by the test (or with its namespace).
stress-ng --cpu "$(nproc)" --timeout $((STRESS_S * 20 * EK_TIME_SCALE))s \
	--quiet >/dev/null 2>&1 &
LOAD_PID=$!

# st_insert CARD [FAULT...]: a fresh copy of CARD goes in (fm_insert).
st_insert() {
	cp "$(ek_card_file "$1")" "$(ek_card_file base)" || ek_fail "cannot copy $1"
	shift
	fm_insert "$@"
}

# st_done NAME: the card comes out, the kiosk is at the welcome screen, and
# no code is anywhere in its memory.
st_done() {
	fm_release
	ek_scan_memory "$1" "$PUK" "$PIN1" "$PIN2" "$NEW"
	ENDINGS=$((ENDINGS + 1))
}

# st_step SCREEN KEYS...: wait for SCREEN, then type KEYS.
st_step() {
	fm_wait_screen "$1" 15
	shift
	ek_keys "$@"
}

# Up to the activation's PIN2 entry on a new card.
st_to_pin2() {
	st_insert new "$@"
	st_step "$INTRO" Enter
	st_step "$STEP1" "$PUK" Enter
	st_step "$STEP2" "$PIN1" Enter
	fm_wait_screen "$(ek_msg en step_of step=3 steps=5)"
	ek_keys "$PIN1" Enter
	fm_wait_screen "$STEP4" 15
}

# The menu of an active card, choice 2: change PIN1 from PIN1 to NEW.
st_change() {
	st_step "$MENU" 2 Enter
	st_step "$(ek_msg en prompt_current_pin1)" "$PIN1" Enter
	st_step "$(ek_msg en prompt_new_pin1)" "$NEW" Enter
	st_step "$(ek_msg en prompt_new_pin1_again)" "$NEW" Enter
}

activation_done() {
	st_to_pin2
	ek_keys "$PIN2" Enter
	st_step "$(ek_msg en step_of step=5 steps=5)" "$PIN2" Enter
	fm_wait_screen "$DONE_ACT" 15
	st_done "activation done"
}

pulled_while_typing() {
	st_to_pin2
	ek_keys "${PIN2:0:3}"
	st_done "card pulled while PIN2 was typed"
}

pulled_while_writing() {
	st_insert active --fault slow-write:3000
	st_change
	fm_wait_screen "$WORKING" 15
	# The card holds the command: its codes are in the secret arena only.
	ek_scan_memory --held "a PIN being written" "$PUK" "$PIN1" "$PIN2" "$NEW"
	st_done "card pulled while the new PIN was written"
}

# PIN1 unblocked from the menu of a card whose PIN1 is blocked.
st_unblock() {
	st_step "$MENU" 1 Enter
	st_step "$(ek_msg en prompt_puk)" "$PUK" Enter
	st_step "$(ek_msg en prompt_new_pin1)" "$NEW" Enter
	st_step "$(ek_msg en prompt_new_pin1_again)" "$NEW" Enter
}

mute_at_write() {
	st_insert active --fault "mute-at:$WRITE_ACTIVE"
	st_change
	fm_wait_screen "$FM_ERROR" 15
	st_done "card mute at the write"
}

garbled_at_write() {
	st_insert blocked --fault "garbage-at:$WRITE_BLOCKED"
	st_unblock
	fm_wait_screen "$FM_ERROR" 15
	st_done "card garbled at the write"
}

pcscd_lost() {
	st_insert new
	st_step "$INTRO" Enter
	st_step "$STEP1" "${PUK:0:5}"
	ek_pcscd_stop KILL
	fm_wait_screen "$FM_SERVICE" 15
	ek_pcscd_start
	fm_wait_screen "$INTRO" 20
	st_done "pcscd lost while the activation code was typed"
}

language_switched() {
	st_insert new
	st_step "$INTRO" Enter
	st_step "$STEP1" "${PUK:0:4}" F2
	fm_wait_screen "$(ek_msg fi step_of step=1 steps=5)"
	ek_keys "${PUK:4}" Escape
	fm_wait_screen "$(ek_msg fi act_intro_start)"
	ek_keys F2 F2
	fm_wait_screen "$INTRO"
	st_done "language switched while the activation code was typed"
}

staff_reset() {
	local out
	st_insert new
	st_step "$INTRO" Enter
	st_step "$STEP1" "$PUK" Enter
	st_step "$STEP2" "${PIN1:0:2}"
	out=$("$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor --reset 2>&1)
	[ "$out" = "reset ok" ] || ek_fail "staff reset: $out"
	fm_wait_screen "$INTRO" 15
	st_done "staff reset while PIN1 was typed"
}

entry_timed_out() {
	st_insert new
	st_step "$INTRO" Enter
	st_step "$STEP1" "${PUK:0:6}"
	fm_wait_screen "$TIMED_OUT" 20
	st_done "the activation code's entry timed out"
}

idle_timed_out() {
	st_insert active
	st_change
	fm_wait_screen "$DONE_CHANGED" 15
	fm_wait_screen "$GOODBYE" 25
	st_done "idle time out after a change"
}

# st_write_cmd CARD VAR JOURNEY DONE: a clean run of JOURNEY on CARD up to
# DONE; the number of the card's command that was its write goes into
# VAR, as the card's log tells it (fault_matrix_lib.sh: fm_write_at).
st_write_cmd() {
	local read
	st_insert "$1"
	fm_wait_screen "$MENU" 15
	read=$(fm_cmds c)
	"$3"
	fm_wait_screen "$4" 15
	printf -v "$2" %s "$((read + $(fm_write_at c "$read")))"
	fm_release
}
st_write_cmd active WRITE_ACTIVE st_change "$DONE_CHANGED"
st_write_cmd blocked WRITE_BLOCKED st_unblock "$(ek_msg en done_unblocked_title)"

quick="activation_done pulled_while_typing pulled_while_writing mute_at_write
	garbled_at_write pcscd_lost language_switched staff_reset"
ENDINGS=0 ROUNDS=0
t0=${EPOCHREALTIME/./}
for ending in $quick entry_timed_out idle_timed_out; do
	FM_CASE=$ending
	echo "--- $ending"
	$ending
done
ROUNDS=1
now=$t0
while [ $((now - t0)) -lt $((STRESS_S * 1000000)) ]; do
	for ending in $quick; do
		FM_CASE="$ending (round $((ROUNDS + 1)))"
		echo "--- $FM_CASE"
		$ending
	done
	ROUNDS=$((ROUNDS + 1))
	now=${EPOCHREALTIME/./}
done
ek_stop_pid "$LOAD_PID"
fm_no_codes "$PUK" "$PIN1" "$PIN2" "$NEW"
ek_no_codes "$PUK" "$PIN1" "$PIN2" "$NEW"
echo "ok: $ENDINGS journeys in $ROUNDS rounds under load, $(( (now - t0) / 1000000 )) s"
ek_end
