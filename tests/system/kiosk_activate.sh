# kiosk_activate.sh - a citizen activates a new card on the real kiosk (tmux
# pty, private pcscd + vpcd, eidkiosk-vcard): every step on screen, the card
# holds the chosen PINs afterwards, and no code reached the terminal.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

ek_card_init new --start new --gen 2022 --puk 12345678
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert new
ek_wait_screen "Press Enter when you are ready."
ek_keys Enter
ek_wait_screen "Step 1 of 5"
ek_screen_has "Tries left: 5" || ek_fail "activation code tries not shown"
ek_type 12345678
ek_wait_screen "* * * * * * * *"
ek_keys Enter
ek_wait_screen "Step 2 of 5"
ek_type 2580; ek_keys Enter
ek_wait_screen "Step 3 of 5"
ek_type 2580; ek_keys Enter
ek_wait_screen "Step 4 of 5" 15
ek_screen_has "The basic PIN (PIN1) is now set" || ek_fail "PIN1 progress not told"
ek_type 258046; ek_keys Enter
ek_wait_screen "Step 5 of 5"
ek_type 258046; ek_keys Enter
ek_wait_screen "Your card is activated" 15
ek_screen_has "Remember to take your card and your letter" || ek_fail "no take-card reminder"
ek_screen_says "$(ek_msg en goodbye)" || ek_fail "no thank-you after an activation"

ek_card_holds new pin1 2580 || ek_fail "the card does not hold the new PIN1"
ek_card_holds new pin2 258046 || ek_fail "the card does not hold the new PIN2"
ek_expect_eq "card fully activated" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes new)"

# The audit trail tells the journey, and verifies.
ek_audit_has "audit: activation begins" 'event=journey_start journey=activate lang=en profile=FinEID_2022'
ek_audit_has "audit: PIN1 written" 'event=card_op op=reset_retry code=puk result=ok .*tries_before=5 tries_after=5'
ek_audit_has "audit: activation done" 'event=journey_end journey=activate reason=done'

# Codes never reach the terminal output stream, the kiosk's stderr or the
# audit trail.
ek_no_codes 12345678 258046 2580
[ -s "$EK_TMP/tty.out" ] || ek_fail "the terminal output was not recorded"
ek_end
