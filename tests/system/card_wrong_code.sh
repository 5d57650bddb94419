# card_wrong_code.sh - wrong activation codes: each costs exactly one try
# and is reported with the tries left; five lock the card for good.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

ek_card_init c --start new --gen 2022 --puk 12345678
ek_card_insert c
ek_expect_eq "first wrong code" "wrong-code tries=4" \
	"$(printf '87654321\n2580\n' | ek_cardop activate pin1)"
ek_expect_eq "one try spent, PIN1 not set" "pin1=5/no pin2=5/no puk=4/yes" \
	"$(ek_card_codes c)"
ek_expect_eq "the service reports it" "pin1=5/no pin2=5/no puk=4/yes" "$(ek_info_codes)"
for left in 3 2 1; do
	ek_expect_eq "wrong code, $left left" "wrong-code tries=$left" \
		"$(printf '87654321\n258046\n' | ek_cardop activate pin2)"
done
ek_expect_eq "fifth wrong code" "wrong-code tries=0" \
	"$(printf '11111111\n2580\n' | ek_cardop activate pin1)"
ek_expect_eq "now even the right code is refused" blocked \
	"$(printf '12345678\n2580\n' | ek_cardop activate pin1)"
ek_expect_eq "locked for good, nothing set" "pin1=5/no pin2=5/no puk=0/yes" \
	"$(ek_card_codes c)"
ek_expect_match "vcard agrees" '^locked yes$' "$("$EK_VCARD" show "$(ek_card_file c)")"
ek_expect_eq "info shows it" "pin1=5/no pin2=5/no puk=0/yes" "$(ek_info_codes)"
ek_card_holds c pin1 2580 && ek_fail "a blocked activation code set PIN1"
ek_expect_eq "exit status of a failed request" 1 \
	"$(printf '12345678\n2580\n' | ek_cardop activate pin1 >/dev/null; echo $?)"
