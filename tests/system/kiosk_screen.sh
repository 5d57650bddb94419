# kiosk_screen.sh - the language key and the terminal size in the middle of
# a code entry on the real kiosk (tmux pty, private pcscd + vpcd,
# eidkiosk-vcard): the citizen keeps their step and the digits typed so
# far, the texts follow the language, every part of the screen fits at
# 80x24, and a terminal below the minimum only asks to be made larger.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

# All of the PIN1 entry screen is visible in language $1 at this size:
# title, step, prompt, the field with slots $2, countdown, every key hint.
entry_whole() {
	local l=$1 text
	for text in "$(ek_msg "$l" act_title)" \
		"$(ek_msg "$l" step_of step=2 steps=5)" \
		"$(ek_msg "$l" hint_digits)" "$(ek_msg "$l" hint_enter)" \
		"$(ek_msg "$l" hint_backspace)" "$(ek_msg "$l" hint_esc_cancel)" \
		"$(ek_msg "$l" hint_language key=/)"; do
		[ -n "$text" ] || exit 1
		ek_screen_has "$text" || ek_fail "[$l] '$text' is not (wholly) on the screen"
	done
	ek_screen_says "$(ek_msg "$l" prompt_new_pin1)" ||
		ek_fail "[$l] the PIN1 prompt is not on the screen"
	ek_expect_match "[$l] countdown" "$(ek_msg "$l" countdown 'n=[0-9]\{1,3\}')" \
		"$(ek_screen)"
	ek_expect_eq "[$l] PIN1 field" "$2" "$(ek_field "$(ek_msg "$l" name_pin1)")"
}

ek_card_init new --start new --gen 2022
# A long countdown: the checks below take their time on a loaded machine
# (the sanitizer pass), and a timeout would wipe the digits they look at.
EK_KIOSK_CONF=$(ek_kiosk_config 'timeouts = { code_entry = 300; };')
ek_kiosk_start --lang en
ek_wait_screen "$(ek_msg en welcome_title)"
ek_card_insert new
ek_wait_screen "$(ek_msg en act_intro_start)"
ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=1 steps=5)"
ek_type 12345678
ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=2 steps=5)"
ek_type 258
ek_wait_field "$(ek_msg en name_pin1)" "***_____"
entry_whole en "***_____"

# The language key in the middle of typing: the next language (fi, sv,
# en in the default order), same step, same digits.
ek_keys /
ek_wait_screen "$(ek_msg fi prompt_new_pin1)"
entry_whole fi "***_____"
ek_screen_says "$(ek_msg en prompt_new_pin1)" && ek_fail "English text left on the screen"
ek_keys F2
ek_wait_screen "$(ek_msg sv prompt_new_pin1)"
entry_whole sv "***_____"
ek_screen_says "$(ek_msg fi prompt_new_pin1)" && ek_fail "Finnish text left on the screen"

# Typing goes on in the new language.
ek_type 0
ek_wait_field "$(ek_msg sv name_pin1)" "****____"

# Larger: the screen is drawn again for the new size (the key hints on the
# bottom row, the status line to the right edge), same step and digits.
ek_resize 120 40
ek_wait_for "key hints on row 40" 5 eval \
	'ek_screen | sed -n 40p | grep -qF -- "$(ek_msg sv hint_digits)"'
ek_expect_match "status line to the right edge at 120 columns" \
	"Svenska *\$" "$(ek_screen | sed -n 1p | cut -c 81-)"
entry_whole sv "****____"
# The text a centred column of 76 (it starts at column 23 of 120), no
# line of the body longer.
ek_expect_match "the text centred at 120 columns" \
	"^ \{22\}$(ek_msg sv prompt_new_pin1)" "$(ek_screen | sed -n 2,38p)"
while IFS= read -r line; do
	line=${line%"${line##*[! ]}"}
	[ "${#line}" -le 98 ] || ek_fail "body text beyond column 98 at 120 columns: $line"
done < <(ek_screen | sed -n 2,37p)

# Back to 80x24: nothing cut off, in every language.
ek_resize 80 24
ek_wait_for "key hints at row 23 or 24" 5 eval \
	'ek_screen | sed -n 23,24p | grep -qF -- "$(ek_msg sv hint_digits)"'
[ "$(ek_screen | wc -l)" -eq 24 ] || ek_fail "the pane is not 24 rows"
entry_whole sv "****____"
ek_keys /
ek_wait_screen "$(ek_msg en prompt_new_pin1)"
entry_whole en "****____"
ek_keys /
ek_wait_screen "$(ek_msg fi prompt_new_pin1)"
entry_whole fi "****____"

# Too small: only the request to make the window larger; digits typed
# meanwhile are not taken (nobody can see what they press), and the
# countdown nobody can see does not run.
secs() {
	ek_screen | sed -n 's/.*Aikaa \([0-9][0-9]*\) s.*/\1/p' | head -n 1
}
before=$(secs)
[ -n "$before" ] || ek_fail "no countdown before the resize"
ek_resize 60 20
ek_wait_says "$(ek_msg fi window_too_small cols=80 rows=24)" 5
sleep 3     # measuring an interval (3 countdown seconds), not waiting for a condition
ek_resize 80 24
ek_wait_screen "$(ek_msg fi prompt_new_pin1)" 5
after=$(secs)
[ -n "$after" ] && [ $((before - after)) -le 1 ] ||
	ek_fail "the countdown ran while the window was too small: $before s, then $after s"
echo "ok: the countdown stood still while the window was too small ($before s, then $after s)"
ek_resize 60 20
ek_wait_says "$(ek_msg fi window_too_small cols=80 rows=24)" 5
ek_screen_says "$(ek_msg fi prompt_new_pin1)" && ek_fail "the entry drawn in a too small window"
[ "$(ek_screen | grep -c '[^ ]')" -le 2 ] || ek_fail "more than the message on a too small screen"
ek_type 9
# The language key works on any screen: once the request is in Swedish,
# the digit before it was read while the window was too small (tmux may
# resize before it has written the keys sent before).
ek_keys /
ek_wait_says "$(ek_msg sv window_too_small cols=80 rows=24)" 5
# Back to the minimum: the citizen's screen as it was.
ek_resize 80 24
ek_wait_screen "$(ek_msg sv prompt_new_pin1)" 5
entry_whole sv "****____"
ek_keys / /
ek_wait_screen "$(ek_msg fi prompt_new_pin1)" 5
entry_whole fi "****____"
ek_screen_says "$(ek_msg fi window_too_small cols=80 rows=24)" &&
	ek_fail "the too-small message stayed"

# The digits kept are the digits typed: PIN1 2580 goes to the card.
ek_keys Enter
ek_wait_screen "$(ek_msg fi step_of step=3 steps=5)"
ek_type 2580
ek_keys Enter
ek_wait_screen "$(ek_msg fi step_of step=4 steps=5)" 15
ek_card_holds new pin1 2580 || ek_fail "the card does not hold PIN1 2580"
echo "ok: the card holds PIN1 2580"
ek_end
