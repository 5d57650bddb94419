# kiosk_keypad.sh - a citizen with only a numeric keypad, NumLock off, on
# the real kiosk (tmux pty, private pcscd + vpcd, eidkiosk-vcard): from the
# welcome screen to an activated card without Esc or the main keyboard.
# The keypad's keys with NumLock off send Home, Up, PgUp, Left, the centre
# key, Right, End, Down, PgDn, Insert and Delete: the kiosk takes them as
# the digits printed on them; '.' (Delete) erases, and with nothing left to
# erase goes back; Enter is the keypad's. The citizen's own switches on the
# welcome screen: high contrast (the number after the languages) and more
# time at every step (the more-time key). A key struck twice within
# keys.same_key_ms (a tremor, or a key held down) types once.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

CODE_S=14
EK_KIOSK_CONF=$(ek_kiosk_config "timeouts = { code_entry = $CODE_S; };" \
	"keys = { same_key_ms = 400; };" "speech = { enabled = false; };")

# The kiosk's own terminal: the Linux console, whose keypad with NumLock
# off sends what tmux sends for these keys (the centre key: ESC [ G).
EK_TERM=linux
declare -A KP=([0]=IC [1]=End [2]=Down [3]=NPage [4]=Left [5]=$'\e[G'
	[6]=Right [7]=Home [8]=Up [9]=PPage)

# kp DIGITS: type each digit on the NumLock-off keypad, one at a time.
kp() {
	local i
	for ((i = 0; i < ${#1}; i++)); do
		ek_keys "${KP[${1:i:1}]}"
	done
}

# The colour escapes of the hint line (the last row).
hint_colours() {
	ek_ctl_or_fail capture-pane -e -p -t "$EK_PANE"
	printf '%s' "$EK_CTL_OUT" | tail -n 1
}

ek_card_init new --start new --gen 2022 --puk 12345678
ek_kiosk_start --lang en
ek_wait_screen "$(ek_msg en welcome_title)"

# High contrast, chosen by the citizen: its number after the languages.
ek_screen_has "4   $(ek_msg en opt_contrast): $(ek_msg en word_off)" ||
	ek_fail "no high-contrast choice on the welcome screen"
# (the console's eight colours: the hints black on cyan, then on yellow)
[[ $(hint_colours) == *46m* ]] || ek_fail "the default theme's hint colours are not shown"
ek_keys 4
ek_wait_screen "$(ek_msg en opt_contrast): $(ek_msg en word_on)"
ek_wait_for "the high-contrast colours" 5 eval '[[ $(hint_colours) == *43m* ]]'
echo "ok: high contrast switched on by the citizen"

# More time at every step: the more-time key on the welcome screen.
ek_keys +
ek_wait_screen "$(ek_msg en opt_more_time): $(ek_msg en word_on)"

ek_card_insert new
ek_wait_screen "$(ek_msg en act_intro_start)" 15
ek_keys KPEnter
ek_wait_screen "Step 1 of 5"
ek_screen_has "$((CODE_S * 3)) s left" ||
	ek_fail "more time mode did not triple the countdown: $(ek_screen | grep 's left')"
echo "ok: more time at every step: $((CODE_S * 3)) s per code"

# A double strike types once; then the code on the NumLock-off keypad.
PUK=$(ek_msg en name_puk)
ek_keys End End
ek_wait_field "$PUK" "*_______"
ek_wait_screen "$PUK"
ek_field_is "$PUK" "*_______" || ek_fail "a key struck twice typed twice: $(ek_field "$PUK")"
kp 2345670
ek_wait_field "$PUK" "********"
ek_keys DC                      # '.' with NumLock off: erase the 0
ek_wait_field "$PUK" "*******_"
kp 8
ek_wait_field "$PUK" "********"
ek_keys KPEnter
ek_wait_screen "Step 2 of 5"
kp 2580; ek_keys KPEnter
ek_wait_screen "Step 3 of 5"
kp 2580; ek_keys KPEnter
ek_wait_screen "Step 4 of 5" 15

# Nothing typed: '.' goes back (the keypad has no Esc); Enter goes on with
# what is left (PIN1 is set: the activation code, then PIN2).
ek_keys DC
ek_wait_screen "$(ek_msg en act_intro_start)"
ek_keys KPEnter
ek_wait_screen "Step 1 of 3"
kp 12345678; ek_keys KPEnter
ek_wait_screen "Step 2 of 3"
kp 258046; ek_keys KPEnter
ek_wait_screen "Step 3 of 3"
kp 258046; ek_keys KPEnter
ek_wait_screen "$(ek_msg en done_activated_title)" 15
ek_expect_eq "card fully activated from the keypad" \
	"pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes new)"
ek_card_holds new pin2 258046 || ek_fail "the card does not hold the new PIN2"

# The visit is over: the next citizen gets the site's colours and times.
ek_card_remove
ek_wait_screen "$(ek_msg en opt_contrast): $(ek_msg en word_off)"
ek_screen_has "$(ek_msg en opt_more_time): $(ek_msg en word_off)" ||
	ek_fail "more time outlived the visit"
ek_no_codes 12345678 258046 2580
ek_end
