# card_info_2025.sh - `cardop info` on a FinEID 2025 card with a 7-digit
# activation code in each starting state, and what a 7-digit code does.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

# check_state STATE EXPECTED: the codes of a card made in STATE.
check_state() {
	ek_card_init "$1" --start "$1" --gen 2025 --puk 7654321 \
		--pin1 97531 --pin2 8642097
	ek_card_insert "$1"
	json=$(ek_cardop info --json) || ek_fail "info --json exit $?"
	ek_expect_match "profile of a $1 card" '^  "profile": "FinEID 2025",$' "$json"
	ek_expect_eq "codes of a $1 card (service)" "$2" "$(ek_info_codes)"
	ek_expect_eq "codes of a $1 card (card file)" "$2" "$(ek_card_codes "$1")"
	ek_card_remove
}

check_state new          "pin1=5/no pin2=5/no puk=5/yes"
check_state pin1-set     "pin1=5/yes pin2=5/no puk=5/yes"
check_state active       "pin1=5/yes pin2=5/yes puk=5/yes"
check_state pin1-blocked "pin1=0/yes pin2=5/yes puk=5/yes"
check_state pin2-blocked "pin1=5/yes pin2=0/yes puk=5/yes"
check_state locked       "pin1=5/no pin2=5/no puk=0/yes"

# The 7-digit activation code unblocks PIN1 of the 2025 card.
ek_card_insert pin1-blocked
ek_expect_eq "unblock PIN1 with a 7-digit code" ok \
	"$(printf '7654321\n4826\n' | ek_cardop activate pin1)"
ek_card_holds pin1-blocked pin1 4826 || ek_fail "the card does not hold the new PIN1"
ek_expect_eq "codes after unblocking" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_info_codes)"
