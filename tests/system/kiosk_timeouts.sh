# kiosk_timeouts.sh - time limits on the real kiosk (tmux pty, private pcscd
# + vpcd, eidkiosk-vcard): a code entry shows a countdown in seconds that
# each key starts again, the more-time key too (as often as it is
# pressed), and a tone (the terminal's bell) 10 s before the end; at zero
# the typed digits are wiped and the citizen may type again and go on;
# timeouts in a row end the visit. Idle time on a screen without a code
# entry first asks "Are you still there?" (a tone, its own countdown; any
# key goes on) and only then ends the visit. With the card still in, the
# kiosk asks for it (the goodbye screen) and is at the welcome screen once
# it is taken.
#
# Short times (timeouts.code_entry 12, timeouts.idle 15, the question 5)
# make each half about 40-60 s long, so the idle half runs at the same
# time, as "kiosk_timeouts.sh idle" in namespaces of its own (its own
# pcscd, card and kiosk).
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

CODE_S=12
IDLE_S=15
QUESTION_S=5
EK_KIOSK_CONF=$(ek_kiosk_config "timeouts = { code_entry = $CODE_S;" \
	"idle = $IDLE_S; idle_question = $QUESTION_S; max_code_timeouts = 2; };")
STILL_THERE=$(ek_msg en idle_title) || exit 1
NEW_CODES="pin1=5/no pin2=5/no puk=5/yes"

INTRO=$(ek_msg en act_intro_start) || exit 1
WELCOME=$(ek_msg en welcome_title) || exit 1
GOODBYE=$(ek_msg en goodbye_plain) || exit 1   # no thank-you after a time-out
THANKS=$(ek_msg en goodbye) || exit 1
PUK=$(ek_msg en name_puk) || exit 1
PIN1=$(ek_msg en name_pin1) || exit 1
WIPED=$(ek_msg en timeout_text) || exit 1
RESTART=$(ek_msg en timeout_restart n=2) || exit 1
AGAIN=$(ek_msg en timeout_again) || exit 1
NOTHING=$(ek_msg en removed_nothing) || exit 1
REMOVED=$(ek_msg en removed_title) || exit 1
STEP1=$(ek_msg en step_of step=1 steps=5) || exit 1
STEP2=$(ek_msg en step_of step=2 steps=5) || exit 1

# idle_ends T0 SHOWN NEXT: wait until the idle timer on the screen showing
# SHOWN asks whether anyone is there, nobody answers, and the screen says
# NEXT; fail unless that took the idle time and the question's. T0 (ms)
# was taken before the action that led to SHOWN, so the time measured is
# never shorter than the kiosk's own, however late the test sees SHOWN.
idle_ends() {
	local t0=$1 ms
	ek_wait_screen "$2"
	ek_wait_screen "$STILL_THERE" $((IDLE_S + 5))
	ek_wait_says "$3" $((QUESTION_S + 5))
	ms=$(( $(ek_now_ms) - t0 ))
	[ "$ms" -ge $(((IDLE_S + QUESTION_S) * 1000)) ] ||
		ek_fail "idle timeout after $ms ms, not $IDLE_S s and $QUESTION_S s"
	echo "ok: '$2' left after $ms ms idle, the question unanswered"
}

# The seconds the countdown shows now ("" when none).
secs_left() {
	ek_screen | sed -n 's/.* \([0-9][0-9]*\) s left.*/\1/p' | head -n 1
}

# The countdown shows at most $1 seconds.
left_at_most() {
	local s
	s=$(secs_left)
	[ -n "$s" ] && [ "$s" -le "$1" ]
}

# Bells the kiosk has rung so far.
bells() {
	tr -cd '\a' <"$EK_TMP/tty.out" | wc -c
}

if [ "${1:-}" = idle ]; then
	ek_card_init idle --start new --gen 2022
	ek_kiosk_start --lang en
	ek_wait_screen "$WELCOME"
	t0=$(ek_now_ms)
	ek_card_insert idle
	# The introduction (no code entry): idle time asks whether anyone
	# is there, with a tone; a key goes on where the citizen was.
	ek_wait_screen "$INTRO"
	ek_wait_screen "$STILL_THERE" $((IDLE_S + 5))
	ek_screen_says "$(ek_msg en hint_any_key)" || ek_fail "the question says no key"
	[ "$(bells)" -ge 1 ] || ek_fail "no tone with the question"
	t0=$(ek_now_ms)                  # the key restarts the idle time
	ek_keys 7
	ek_wait_screen "$INTRO"
	ek_screen_has "$STILL_THERE" && ek_fail "the question stayed after a key"
	# Unanswered, idle time ends the visit. The card is still in, so the
	# kiosk asks for it first ...
	idle_ends "$t0" "$INTRO" "$GOODBYE"
	ek_screen_says "$THANKS" && ek_fail "thanked after the visit timed out"
	# ... and with the card out it is at the welcome screen.
	ek_card_remove
	ek_wait_screen "$WELCOME"
	# The card pulled in the middle: after idle time the next citizen
	# gets the welcome screen, with nothing of this visit on it.
	ek_card_insert idle
	ek_wait_screen "$INTRO"
	ek_keys Enter
	ek_wait_screen "$STEP1"
	t0=$(ek_now_ms)
	ek_card_remove
	idle_ends "$t0" "$REMOVED" "$WELCOME"
	ek_screen_has "$REMOVED" && ek_fail "the removed notice stayed"
	ek_expect_eq "nothing sent to the card" "$NEW_CODES" "$(ek_card_codes idle)"
	ek_end
fi

# (its temp dir inside ours: gone with ours even if it is killed)
TMPDIR=$EK_TMP bash "$0" idle >"$EK_TMP/idle_half.out" 2>&1 &
idle_pid=$!

ek_card_init new --start new --gen 2022
ek_kiosk_start --lang en
ek_wait_screen "$WELCOME"
ek_card_insert new
ek_wait_screen "$INTRO"
ek_keys Enter
ek_wait_screen "$STEP1"

# The countdown counts seconds down on the screen, the more-time key
# starts it again (as often as it is pressed), and so does each key typed;
# 10 s before the end a tone.
ek_wait_screen "$(ek_msg en countdown n=$((CODE_S - 1)))" 3
ek_wait_screen "$(ek_msg en countdown n=$((CODE_S - 2)))" 3
ek_screen_says "$(ek_msg en hint_more_time more=+)" || ek_fail "the more-time key is not shown"
for i in 1 2 3; do
	ek_wait_for "the countdown to run down" 10 left_at_most $((CODE_S - 4))
	ek_keys +
	ek_wait_for "more time ($i)" 3 eval '[ "$(secs_left)" -ge $((CODE_S - 1)) ]'
done
ek_wait_for "the countdown to run down" 10 left_at_most $((CODE_S - 4))
[ "$(bells)" -ge 1 ] || ek_fail "no tone 10 s before the end"
ek_type 1234
ek_wait_field "$PUK" "****____"
ek_wait_for "typing to start the countdown again" 3 \
	eval '[ "$(secs_left)" -ge $((CODE_S - 2)) ]'
echo "ok: more time three times, typing restarts the countdown, a tone at 10 s"

# At zero the digits are wiped, the citizen is told, and the countdown
# starts again on the same step.
ek_wait_says "$WIPED" $((CODE_S + 2))
ek_expect_eq "activation code field after the timeout" "________" "$(ek_field "$PUK")"
ek_screen_has "$STEP1" || ek_fail "the timeout left the activation code step"
ek_wait_screen "$(ek_msg en countdown n=$((CODE_S - 1)))" 3
ek_expect_eq "nothing sent to the card" "$NEW_CODES" "$(ek_card_codes new)"

# Typing again works, and the journey goes on.
ek_type 12345678
ek_wait_field "$PUK" "********"
ek_keys Enter
ek_wait_screen "$STEP2"

# Two timeouts in a row (max_code_timeouts = 2): the first one leaves the
# citizen on the step, the second ends the visit and says so truly: how
# often, that nothing was changed, how to try again.
ek_screen_says "$WIPED" && ek_fail "the timeout notice came along to the PIN1 step"
ek_type 25
ek_wait_field "$PIN1" "**______"
ek_wait_says "$WIPED" $((CODE_S + 2))
ek_expect_eq "PIN1 field after the first timeout" "________" "$(ek_field "$PIN1")"
ek_screen_has "$STEP2" || ek_fail "the first timeout left the PIN1 step"
ek_wait_says "$RESTART" $((CODE_S + 2))
ek_screen_says "$NOTHING" || ek_fail "the give-up does not say that nothing was changed"
ek_screen_says "$AGAIN" || ek_fail "the give-up does not say how to try again"
ek_screen_says "$GOODBYE" || ek_fail "no request to take the card"
ek_screen_says "$THANKS" && ek_fail "thanked after the visit timed out"
ek_screen_has "$PIN1" && ek_fail "a code field is still shown"
ek_card_remove
ek_wait_screen "$WELCOME"
ek_expect_eq "nothing sent to the card" "$NEW_CODES" "$(ek_card_codes new)"

# The next visit starts from the beginning, with nothing left over.
ek_card_insert new
ek_wait_screen "$INTRO"
ek_keys Enter
ek_wait_screen "$STEP1"
ek_expect_eq "a fresh activation code field" "________" "$(ek_field "$PUK")"
ek_screen_says "$WIPED" && ek_fail "the old timeout notice is still shown"

# The idle half.
if wait "$idle_pid"; then
	sed 's/^/idle: /' "$EK_TMP/idle_half.out"
else
	sed 's/^/idle: /' "$EK_TMP/idle_half.out" >&2
	ek_fail "the idle half failed"
fi
ek_end
