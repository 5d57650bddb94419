# card_activate.sh - activation of a new card, PIN1 then PIN2, proven by
# the card's own state; resuming a half-done activation; change of a PIN.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

ek_card_init new --start new --gen 2022 --puk 12345678
ek_card_insert new
ek_expect_eq "activate PIN1" ok "$(printf '12345678\n2580\n' | ek_cardop activate pin1)"
ek_card_holds new pin1 2580 || ek_fail "the card does not hold the new PIN1"
ek_expect_eq "half-way: PIN1 set, PIN2 not" "pin1=5/yes pin2=5/no puk=5/yes" \
	"$(ek_card_codes new)"
ek_expect_eq "service sees the same" "pin1=5/yes pin2=5/no puk=5/yes" "$(ek_info_codes)"
ek_expect_eq "activate PIN2" ok "$(printf '12345678\n258046\n' | ek_cardop activate pin2)"
ek_card_holds new pin2 258046 || ek_fail "the card does not hold the new PIN2"
ek_card_holds new pin1 2580 || ek_fail "PIN1 changed by activating PIN2"
ek_expect_eq "fully activated" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_info_codes)"

# The new PINs work: sign with both keys.
ek_expect_eq "test-sign with PIN1" ok "$(printf '2580\n' | ek_cardop test-sign pin1)"
ek_expect_eq "test-sign with PIN2" ok "$(printf '258046\n' | ek_cardop test-sign pin2)"

# Change PIN1, then the old one no longer verifies and the new one does.
ek_expect_eq "change PIN1" ok "$(printf '2580\n9517\n' | ek_cardop change pin1)"
ek_card_holds new pin1 9517 || ek_fail "the card does not hold the changed PIN1"
ek_expect_eq "old PIN1 refused" "wrong-code tries=4" \
	"$(printf '2580\n' | ek_cardop test-sign pin1)"
ek_expect_eq "new PIN1 signs (and resets the counter)" ok \
	"$(printf '9517\n' | ek_cardop test-sign pin1)"
ek_expect_eq "counter back to 5" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_info_codes)"
ek_expect_eq "change PIN2 with a wrong old PIN" "wrong-code tries=4" \
	"$(printf '111111\n753159\n' | ek_cardop change pin2)"
ek_card_holds new pin2 258046 || ek_fail "PIN2 changed by a wrong old PIN"
ek_card_remove

# A card left half-way (PIN1 set) needs only PIN2.
ek_card_init half --start pin1-set --gen 2025 --puk 7654321 --pin1 1357
ek_card_insert half
ek_expect_eq "resume: activate PIN2 only" ok \
	"$(printf '7654321\n864213\n' | ek_cardop activate pin2)"
ek_card_holds half pin2 864213 || ek_fail "the card does not hold the new PIN2"
ek_card_holds half pin1 1357 || ek_fail "PIN1 changed by the resumed activation"
ek_expect_eq "resumed card fully activated" "pin1=5/yes pin2=5/yes puk=5/yes" \
	"$(ek_card_codes half)"
