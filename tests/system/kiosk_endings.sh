# kiosk_endings.sh - the screens that end a journey never mislead, checked
# on the real kiosk in Finnish, Swedish and English (each screen read in
# one language, then switched with the language key, which keeps the
# place): a PIN blocked just now offers numbered choices and no take-card
# box, and its choice 1 goes straight into unblocking that PIN; an expired
# card's "2 Finish" brings the box, without a thank-you; the activation
# code at its last try says what the citizen can do instead; the give-up
# after time-outs says how often, that PIN1 was set but not PIN2, and how
# to try again; the introduction tells only the PIN rules the site has on
# and the exact seconds; the site's help follows every text that sends the
# citizen to the staff, and only those. Last, "test my card" in --demo
# (a two-row demo line) shows its numbered choices at 80x24 and 80x25.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

HELP="Ask the staff at counter 3."
CODE_S=10
LANGS="fi sv en"

# m L KEY [name=value...]: message KEY of language L as the screen shows it.
m() {
	ek_msg "$@" || exit 1
}

# says L KEY [name=value...]: wait until the screen says it (wrapped).
says() {
	ek_wait_says "$(m "$@")" 15
}

# not_says L KEY [name=value...]: the screen does not say it.
not_says() {
	! ek_screen_says "$(m "$@")" || ek_fail "$1: the screen says $2: $(m "$@")"
}

# choice L N KEY: the screen shows numbered choice N with message KEY.
choice() {
	ek_screen_has "$2   $(m "$1" "$3")" || ek_fail "$1: no choice '$2 $(m "$1" "$3")'"
}

# each_lang FUNCTION: FUNCTION L for each offered language, switching with
# the language key after each; the kiosk is back in the first one after.
each_lang() {
	local l
	for l in $LANGS; do
		"$1" "$l"
		ek_keys /
	done
	echo "ok: $1 in $LANGS"
}

# Cards, made before the kiosk starts (serving a card, it holds the reader):
# PIN1 and the activation code with one try left, a new card, an expired
# one and one no profile serves.
ek_card_init blk --start active --gen 2022 --pin1 2468
ek_card_insert blk
for _i in 1 2 3 4; do
	printf '9999\n' | ek_cardop test-sign pin1 >/dev/null
done
ek_card_remove
ek_expect_eq "PIN1 at its last try" "pin1=1/yes pin2=5/yes puk=5/yes" "$(ek_card_codes blk)"
ek_card_init last --start new --gen 2022
ek_card_insert last
for _i in 1 2 3 4; do
	printf '00000000\n2580\n' | ek_cardop activate pin1 >/dev/null
done
ek_card_remove
ek_card_init half --start new --gen 2022 --puk 12345678
ek_card_init old --start active --gen 2022 --expired
ek_card_init foreign --start new --gen 2025 --puk 7654321 \
	--atr "3B 7F 96 00 00 80 31 B8 65 B0 85 06 10 24 12 24 60 82 90 00"

# Dates may be PINs at this site; runs and repeats may not.
EK_KIOSK_CONF=$(ek_kiosk_config "site = { help = \"$HELP\"; };" \
	"timeouts = { code_entry = $CODE_S; max_code_timeouts = 2; };" \
	"pin1 = { forbid_date = false; };" "pin2 = { forbid_date = false; };")
ek_kiosk_start --lang fi

# The site's help: after "ask the staff" on the welcome screen ...
welcome() {
	says "$1" ask_staff
	ek_screen_says "$(m "$1" ask_staff) $HELP" || ek_fail "$1: no site help on the welcome screen"
}
ek_wait_screen "$(m fi welcome_title)"
each_lang welcome

# ... and after an end that sends the citizen to the staff.
unsupported() {
	says "$1" unsupported_text
	ek_screen_says "$(m "$1" unsupported_text) $HELP" || ek_fail "$1: no site help after the staff"
	says "$1" goodbye_plain
}
ek_card_insert foreign
each_lang unsupported
ek_card_remove
ek_wait_screen "$(m fi welcome_title)"

# A PIN blocked just now (the last wrong PIN1 in a test): numbered choices,
# no box asking for the card, no site help (no staff named).
blocked() {
	says "$1" blocked_pin1_title
	says "$1" blocked_pin_text
	choice "$1" 1 blocked_unblock_now
	choice "$1" 2 menu_finish
	not_says "$1" goodbye_plain
	not_says "$1" reminder_take_card
	ek_screen_has "$HELP" && ek_fail "$1: site help where no staff are named"
	ek_screen_says "Enter" && ek_fail "$1: an Enter order on the blocked PIN's end"
	return 0
}
ek_card_insert blk
ek_wait_screen "$(m fi menu_title)" 15
ek_keys 1
ek_wait_screen "$(m fi info_title)"
ek_keys 1
ek_wait_screen "$(m fi prompt_test_pin1)"
ek_type 9999; ek_keys Enter
each_lang blocked
ek_expect_eq "PIN1 blocked" "pin1=0/yes pin2=5/yes puk=5/yes" "$(ek_card_codes blk)"
# Choice 1: straight into unblocking PIN1, no menu between.
ek_keys 1
unblock_intro() {
	says "$1" unblock_pin1_title
	says "$1" unblock_intro
	not_says "$1" menu_title
}
each_lang unblock_intro
ek_keys Enter
ek_wait_screen "$(m fi step_of step=1 steps=3)"
ek_wait_field "$(m fi name_puk)" "________"
ek_card_remove
ek_wait_screen "$(m fi removed_title)"
ek_keys Enter
ek_wait_screen "$(m fi welcome_title)"

# An expired card: its details or finishing, no box until it finishes; the
# finish asks for the card without a thank-you.
expired() {
	says "$1" cert_expired_title
	choice "$1" 1 menu_test_card
	choice "$1" 2 menu_finish
	not_says "$1" goodbye_plain
}
ek_card_insert old
each_lang expired
ek_keys 2
says fi goodbye_plain
says fi reminder_take_card
not_says fi goodbye
ek_card_remove
ek_wait_screen "$(m fi welcome_title)"

# The activation code at its last try: the kiosk stops and says what the
# citizen can do instead; nothing to choose, so the box.
last_try() {
	says "$1" puk_last_try_title
	says "$1" puk_last_try_text
	says "$1" puk_last_options
	says "$1" goodbye_plain
	not_says "$1" goodbye
}
ek_card_insert last
each_lang last_try
ek_expect_eq "no try spent" "pin1=5/no pin2=5/no puk=1/yes" "$(ek_card_codes last)"
ek_card_remove
ek_wait_screen "$(m fi welcome_title)"

# The introduction: the rules this site has on (runs, repeats; not dates),
# the exact seconds, the more-time key.
intro() {
	says "$1" act_intro_time n=$CODE_S
	says "$1" rules_no_run
	says "$1" rules_no_same
	says "$1" act_intro_more_time more=+
	not_says "$1" rules_no_date
}
ek_card_insert half
ek_wait_screen "$(m fi act_intro_start)" 15
each_lang intro
ek_keys Enter
ek_wait_screen "$(m fi step_of step=1 steps=5)"
ek_type 12345678; ek_keys Enter
ek_wait_screen "$(m fi step_of step=2 steps=5)"
ek_type 1357; ek_keys Enter
ek_wait_screen "$(m fi step_of step=3 steps=5)"
ek_type 1357; ek_keys Enter
ek_wait_screen "$(m fi step_of step=4 steps=5)" 15
ek_expect_eq "PIN1 set" "pin1=5/yes pin2=5/no puk=5/yes" "$(ek_card_codes half)"

# Time runs out twice at PIN2: how often, what the card holds, how to try
# again, and the box; no thank-you.
gave_up() {
	says "$1" timeout_restart n=2
	says "$1" removed_pin1_set
	says "$1" timeout_again
	says "$1" goodbye_plain
	not_says "$1" goodbye
	not_says "$1" removed_nothing
}
ek_wait_says "$(m fi timeout_restart n=2)" $((3 * CODE_S))
each_lang gave_up
ek_card_remove
ek_wait_screen "$(m fi welcome_title)"
ek_kiosk_end || ek_fail "the kiosk did not end"

# Test my card in --demo: the demo line takes two rows; the numbered
# choices show at 80x24 and at 80x25 in every language.
info_choices() {
	local size
	for size in 24 25 24; do
		ek_resize 80 "$size"
		ek_wait_for "$1: the pane to be 80x$size" 5 \
			eval '[ "$(ek_screen | wc -l)" -eq '"$size"' ]'
		ek_wait_screen "3   $(m "$1" menu_back)"
		choice "$1" 1 info_test_pin1
		choice "$1" 2 info_test_pin2
		ek_screen_says "$(m "$1" demo_code code=12345678)" ||
			ek_fail "$1: no demo line"
	done
}
ek_pane_start demo "EIDKIOSK_TEST=1 '$EK_KIOSK' --config '$EK_KIOSK_CONF' --demo --lang fi"
ek_wait_screen "$(m fi welcome_title)"
ek_keys F6 F6
ek_wait_screen "$(m fi demo_state_active)"
ek_keys F5
ek_wait_screen "$(m fi menu_title)" 15
ek_keys 1
ek_wait_screen "$(m fi info_title)"
each_lang info_choices
ek_end
