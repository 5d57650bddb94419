# kiosk_abuse.sh - input abuse on the real kiosk: a flood of
# 2000 digits and a paste of 10 000 characters (letters, digits, escape
# sequences, UTF-8) into code entries, escape sequences of keys the kiosk
# does not use, and a storm of terminal resizes. The field never takes more
# than its cap, the screen is exactly the entry screen afterwards, only a
# lone Esc goes back, the kiosk answers keys at once, stays alive, is idle
# again after the storm, and no code reaches the terminal.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

PUK=31415926 PIN1=2580
CAP=$(sed -n 's/^#define APP_CODE_MAX \([0-9]*\).*/\1/p' "$top_srcdir/include/app.h")
[ -n "$CAP" ] || ek_fail "APP_CODE_MAX not found in include/app.h"
PUK_LABEL=$(ek_msg en name_puk)
PIN1_LABEL=$(ek_msg en name_pin1)
STEP1=$(ek_msg en step_of step=1 steps=5)
STEP2=$(ek_msg en step_of step=2 steps=5)

# n_of TEXT N: TEXT N times over.
n_of() {
	local s=
	for _ in $(seq "$2"); do s+=$1; done
	printf '%s' "$s"
}

# The kiosk runs (not gone, not a zombie); shell builtins only, so that
# the resize storm can ask between resizes.
alive() {
	local pid comm st
	read -r pid comm st _ <"/proc/$KPID/stat" 2>/dev/null || return 1
	[ "$st" != Z ]
}

# The screen with the countdown's bar and seconds blanked (they tick).
screen_still() {
	ek_screen | sed 's/\[[^]]*\] *\(!! \)\{0,1\}[0-9]* s left\( !!\)\{0,1\}/[countdown]/'
}

# The seconds the countdown shows.
seconds_left() {
	ek_screen | sed -n 's/.*\] *\(!! \)\{0,1\}\([0-9]*\) s left.*/\2/p'
}

# The kiosk's CPU time so far, in clock ticks (all threads).
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$KPID/stat"
}

# A long countdown: the checks below must not meet a timeout.
ek_card_init new --start new --gen 2022 --puk "$PUK"
EK_KIOSK_CONF=$(ek_kiosk_config 'timeouts = { code_entry = 300; };')
ek_kiosk_start --lang en
KPID=$(ek_kiosk_pid)
ek_wait_screen "$(ek_msg en welcome_title)"
ek_card_insert new
ek_wait_screen "$(ek_msg en act_intro_start)"
ek_keys Enter
ek_wait_screen "$STEP1"

# A flood of 2000 digits on the activation code: the field stops at the
# cap, and the kiosk answers the next keys at once.
for _ in $(seq 10); do
	ek_type "$(n_of 0123456789 20)"
done
ek_wait_field "$PUK_LABEL" "$(n_of '*' "$CAP")"
alive || ek_fail "the kiosk died in the key flood"
ek_keys BSpace
ek_wait_field "$PUK_LABEL" "$(n_of '*' $((CAP - 1)))" 2
ek_keys Enter
ek_wait_says "$(ek_msg en rule_puk_length lengths="7 or 8")" 2
ek_wait_field "$PUK_LABEL" "________" 2
ek_screen_has "$STEP1" || ek_fail "the flood moved the kiosk off the activation code"
echo "ok: a flood of 2000 digits took $CAP, the kiosk answered"

ek_type "$PUK"; ek_keys Enter
ek_wait_screen "$STEP2"
ek_wait_field "$PIN1_LABEL" "________"
ref=$(screen_still)

# A paste of 10 000 characters: letters, digits, escape sequences of keys
# (arrows, Home/End of other terminals: a NumLock-off keypad's digits;
# F-keys other than the keymap's F2 and F12, Alt-x, unknown ones,
# bracketed paste markers) and UTF-8, sent in chunks that never split a
# sequence. ('.', '*' and '-' have jobs: erase, speech, volume.)
tokens=(abcdefghijklmnopqrstuvwxyz 0123456789 $'\e[A' $'\e[B' $'\e[C' $'\e[D'
	$'\e[H' $'\e[F' $'\e[1~' $'\e[4~' $'\e[5~' $'\e[6~' $'\eOP' $'\eOR' $'\e[15~'
	$'\e[17~' $'\e[999~' $'\e[1;5C' $'\e[200~' $'\e[201~' $'\ex' $'\eZ'
	ABCDEFGHIJKLMNOPQRSTUVWXYZ 'äöåÄÖÅ€ñ漢字😀' 9876543210 ',+#!?')
paste='' chunk='' sent=0
while [ "$sent" -lt 10000 ]; do
	for t in "${tokens[@]}"; do
		chunk+=$t
		sent=$((sent + ${#t}))
		[ "$sent" -lt 10000 ] || break
	done
	if [ "${#chunk}" -ge 400 ] || [ "$sent" -ge 10000 ]; then
		ek_type "$chunk"
		paste+=$chunk chunk=''
	fi
done
echo "pasted ${#paste} characters"
[ "${#paste}" -ge 10000 ] || ek_fail "the paste was not built"
ek_wait_field "$PIN1_LABEL" "$(n_of '*' "$CAP")"
alive || ek_fail "the kiosk died in the paste"
# Every row but the field's is as before the paste.
field_row=$(printf '%s\n' "$ref" | grep -nF -- "$PIN1_LABEL" | cut -d: -f1)
ek_expect_eq "rows around the field after the paste" \
	"$(printf '%s\n' "$ref" | sed "${field_row}d")" "$(screen_still | sed "${field_row}d")"
for _ in $(seq "$CAP"); do
	ek_keys BSpace
done
ek_wait_field "$PIN1_LABEL" "________" 2
ek_expect_eq "the entry screen after the paste, erased" "$ref" "$(screen_still)"

# Keys the kiosk does not use, each followed by a digit: the digit shows
# that the key was read, and it changed nothing (same step, same digits,
# same language, no staff screen). Only a lone Esc goes back.
ek_type 123
ek_wait_field "$PIN1_LABEL" "***_____"
# (the arrows, Home, End, PgUp, PgDn and Insert are a NumLock-off keypad's
# digits: kiosk_keypad.sh)
for key in F1 F3 F4 F5 F6 F7 F8 F9 F10 F11 M-x M-1 M-Enter C-a Tab; do
	ek_keys "$key"
	ek_type 5
	ek_wait_field "$PIN1_LABEL" "****____" 2
	ek_screen_has "$STEP2" || ek_fail "the key $key moved the kiosk"
	ek_keys BSpace
	ek_wait_field "$PIN1_LABEL" "***_____" 2
done
# (ESC O p .. ESC O y are the keypad's digits in application mode)
for seq in $'\e[200~' $'\e[201~' $'\e[999~' $'\e[25~' $'\e[1;3A' $'\eOZ'; do
	ek_type "$seq"
	ek_type 5
	ek_wait_field "$PIN1_LABEL" "****____" 2
	ek_screen_has "$STEP2" || ek_fail "the sequence ESC${seq#?} moved the kiosk"
	ek_keys BSpace
	ek_wait_field "$PIN1_LABEL" "***_____" 2
done
ek_expect_eq "the entry screen after the keys" "$(printf '%s\n' "$ref" |
	sed "${field_row}s/_ _ _ _ _ _ _ _/* * * _ _ _ _ _/")" "$(screen_still)"
echo "ok: keys and sequences the kiosk does not use changed nothing"

# A storm of resizes for 10 s, one every 10 ms or so, between sizes above
# and below the minimum: most straight on the pty (stty, cheap enough for
# that pace), every tenth through tmux; the kiosk is alive throughout.
command -v stty >/dev/null || ek_fail "stty missing: install the Debian package coreutils"
pty=$(ek_pane_format '#{pane_tty}')
before=$(seconds_left)
sizes=("100 30" "80 24" "120 40" "81 25" "70 20" "200 60" "80 24" "99 31" "132 43")
end=$(( ${EPOCHREALTIME/./} + 10000000 )) n=0
while [ "${EPOCHREALTIME/./}" -lt "$end" ]; do
	# shellcheck disable=SC2086 # "W H": two words
	set -- ${sizes[n % ${#sizes[@]}]}
	if [ $((n % 10)) -eq 0 ]; then
		ek_resize "$1" "$2"
	else
		stty -F "$pty" cols "$1" rows "$2"
	fi
	alive || ek_fail "the kiosk died in the resize storm after $n resizes"
	n=$((n + 1))
	sleep 0.01      # the storm's pace: a measured interval, not a wait
done
echo "ok: $n resizes in 10 s, the kiosk alive throughout"
# Through tmux to a size it does not have, then to 80x24: the pty and
# tmux agree again.
ek_resize 100 30
ek_resize 80 24
# Exactly the entry screen again: title, step, prompt, mask, countdown.
same_as_ref() {
	[ "$(screen_still)" = "$(printf '%s\n' "$ref" |
		sed "${field_row}s/_ _ _ _ _ _ _ _/* * * _ _ _ _ _/")" ]
}
ek_wait_for "the entry screen at 80x24 after the storm" 5 same_as_ref
# The countdown went on while it could be seen, and stood still while the
# window was too small (70x20 is below the minimum): less than the
# storm's 10 s, but never more, and never stuck.
after=$(seconds_left)
[ -n "$before" ] && [ -n "$after" ] && [ "$after" -lt "$before" ] &&
	[ "$after" -ge $((before - 60)) ] ||
	ek_fail "the countdown went from $before to $after over the storm"
echo "ok: the countdown went on, $before s to $after s"
ek_type 4
ek_wait_field "$PIN1_LABEL" "****____" 2
echo "ok: the kiosk answered a key after the storm"

# Idle again: CPU time over 3 s with only the countdown ticking.
t0=$(cpu_ticks)
sleep 3         # the interval the CPU time is measured over
used=$(( $(cpu_ticks) - t0 ))
hz=$(getconf CLK_TCK)
[ "$used" -le $((3 * hz / 20)) ] ||
	ek_fail "the kiosk used $used ticks of CPU in 3 s after the storm (not idle)"
echo "ok: $used ticks of CPU in 3 s after the storm"

# The digits typed are the PIN: they reach the card, and no code reached
# the terminal or the log.
ek_keys BSpace BSpace BSpace BSpace
ek_wait_field "$PIN1_LABEL" "________" 2
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=3 steps=5)"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=4 steps=5)" 15
ek_card_holds new pin1 "$PIN1" || ek_fail "the card does not hold the PIN typed after the abuse"
alive || ek_fail "the kiosk is gone"
! grep -q 'Sanitizer\|runtime error' "$EK_TMP/kiosk.err" ||
	ek_fail "the sanitizers reported an error"
for code in "$PUK" "$PIN1" 0123456789; do
	if grep -qaF "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err"; then
		ek_fail "code $code appeared in the terminal output or the log"
	fi
done
ek_end
