# kiosk_unblock.sh - a citizen whose basic PIN is blocked unblocks it on the
# kiosk: the menu offers unblocking first, activation code, the new PIN
# twice, and the card then holds it with full tries. A forgotten PIN2 on a
# working card goes the same way from the menu; a card pulled half way
# through has nothing changed, and the screen says so.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

ek_card_init blocked --start pin1-blocked --gen 2022 --puk 31415926
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert blocked
ek_wait_screen "What would you like to do?"
ek_screen_has "Your basic PIN (PIN1) is blocked" || ek_fail "blocked PIN1 not told"
ek_screen_has "1   I forgot my basic PIN (PIN1), or it is blocked" ||
	ek_fail "unblocking PIN1 is not the first choice"
ek_screen_has "Change the basic PIN (PIN1)" && ek_fail "a blocked PIN offered for change"
ek_keys 1
ek_wait_screen "New basic PIN (PIN1)"
ek_screen_has "You need the letter with your activation code" || ek_fail "no letter reminder"
ek_keys Enter
ek_wait_screen "Step 1 of 3"
ek_screen_has "Tries left: 5" || ek_fail "activation code tries not shown"
ek_type 31415926; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type 4826; ek_keys Enter
ek_wait_screen "Step 3 of 3"
ek_type 4826; ek_keys Enter
ek_wait_screen "PIN unblocked" 15
ek_screen_has "Your basic PIN (PIN1) works again" || ek_fail "unblocked PIN not named"
ek_screen_has "Remember to take your card and your letter" || ek_fail "no take-card reminder"
ek_card_holds blocked pin1 4826 || ek_fail "the card does not hold the new PIN1"
ek_expect_eq "PIN1 unblocked, nothing else touched" "pin1=5/yes pin2=5/yes puk=5/yes" \
	"$(ek_card_codes blocked)"
ek_card_remove
ek_wait_screen "Welcome"

# Forgotten PIN2 on a working card: choice 5 of "TCcUuF"; pulled while
# typing the new PIN: nothing changed.
ek_card_init forgot --start active --gen 2025 --puk 7654321
ek_card_insert forgot
ek_wait_screen "What would you like to do?"
ek_screen_has "5   I forgot my signature PIN (PIN2), or it is blocked" ||
	ek_fail "forgotten PIN2 not on the menu"
ek_keys 5
ek_wait_screen "New signature PIN (PIN2)"
ek_keys Enter
ek_wait_screen "Step 1 of 3"
ek_type 7654321; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type 5928; ek_wait_screen "* * * *"
ek_card_remove
ek_wait_screen "The card was removed"
ek_screen_has "Nothing was changed on the card." || ek_fail "removal story not told"
ek_expect_eq "nothing changed" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes forgot)"
ek_card_holds forgot pin2 246801 || ek_fail "PIN2 changed although the card was pulled"

ek_audit_has "audit: unblocking done" 'event=journey_end journey=unblock reason=done'
ek_audit_has "audit: unblocking pulled" 'event=journey_end journey=unblock reason=card_removed'
ek_no_codes 31415926 7654321 4826 5928
ek_end
