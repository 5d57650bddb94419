# kiosk_resume.sh - an activation interrupted after PIN1: the removed screen
# says exactly what was changed, the kiosk goes back to the start, and the
# card's next insertion resumes at PIN2 and says that PIN1 is already set.
# A card that comes with PIN1 set (and PIN2 not) resumes the same way.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

P2="Signature PIN (PIN2)"

# resume NAME PUK PIN2: the card is in and the kiosk shows the resume
# introduction; set PIN2 in three steps and see the end screen.
resume() {
	ek_wait_screen "Continue the activation" 15
	ek_wait_says "The basic PIN (PIN1) was already set. Now set the signature PIN (PIN2)."
	ek_screen_says "You choose two PINs yourself" &&
		ek_fail "the resume introduction asks for both PINs"
	ek_keys Enter
	ek_wait_screen "Step 1 of 3"
	ek_screen_has "Continue the activation" || ek_fail "resume title missing at step 1"
	ek_screen_has "Tries left: 5" || ek_fail "activation code tries not shown"
	ek_type "$2"; ek_keys Enter
	ek_wait_screen "Step 2 of 3"
	ek_screen_has "Choose a new signature PIN (PIN2) and type it." ||
		ek_fail "step 2 of 3 is not PIN2"
	ek_wait_field "$P2" "________"
	ek_type "$3"; ek_keys Enter
	ek_wait_screen "Step 3 of 3"
	ek_screen_has "Type the new signature PIN (PIN2) again." ||
		ek_fail "step 3 of 3 is not PIN2 again"
	ek_type "$3"; ek_keys Enter
	ek_wait_screen "Your card is activated" 15
	ek_screen_says "Remember to take your card and your letter with you." ||
		ek_fail "no take-card reminder"
}

ek_card_init half --start new --gen 2022 --puk 12345678
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert half
ek_wait_screen "Press Enter when you are ready."
ek_keys Enter
ek_activate_pin1 12345678 2580
ek_wait_screen "Step 4 of 5" 15
ek_type 258
ek_wait_field "$P2" "***_____"

# Pulled before PIN2: PIN1 set, PIN2 not, and the screen says just that.
ek_card_remove
ek_wait_screen "The card was removed"
ek_wait_says "The basic PIN (PIN1) was set, but the signature PIN (PIN2) is not set yet."
ek_screen_says "Insert the card again to continue." || ek_fail "no 'insert again'"
ek_screen_says "Nothing was changed on the card." && ek_fail "says nothing was changed"
ek_expect_eq "PIN1 set, PIN2 not" "pin1=5/yes pin2=5/no puk=5/yes" "$(ek_card_codes half)"
ek_card_holds half pin1 2580 || ek_fail "the card does not hold PIN1"
# Any key: back to the start.
ek_keys Space
ek_wait_screen "Welcome"

ek_card_insert half
resume half 12345678 369147
ek_card_holds half pin1 2580 || ek_fail "resuming changed PIN1"
ek_card_holds half pin2 369147 || ek_fail "the card does not hold PIN2"
ek_expect_eq "card fully activated" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes half)"
ek_card_remove
ek_wait_screen "Welcome"

# A card made with PIN1 set (PIN1 1357): the same resume, a 2025 card.
ek_card_init set --start pin1-set --gen 2025 --puk 7654321
ek_expect_eq "the made card" "pin1=5/yes pin2=5/no puk=5/yes" "$(ek_card_codes set)"
ek_card_insert set
resume set 7654321 802468
ek_card_holds set pin1 1357 || ek_fail "resuming changed PIN1"
ek_card_holds set pin2 802468 || ek_fail "the card does not hold PIN2"
ek_expect_eq "card fully activated" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes set)"

for code in 12345678 7654321 2580 369147 802468; do
	if grep -qaF "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err"; then
		ek_fail "code $code appeared in the terminal output or the log"
	fi
done
ek_end
