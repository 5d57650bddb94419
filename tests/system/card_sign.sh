# card_sign.sh - the PIN test: verify, sign a fresh challenge, check the
# signature with the certificate's key; a card whose key does not match its
# certificate fails the check; a wrong PIN spends one try.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

ek_card_init good --start active --gen 2025 --puk 7654321 --pin1 2468 --pin2 135791
ek_card_insert good
ek_expect_eq "sign with PIN1 (auth key)" ok "$(printf '2468\n' | ek_cardop test-sign pin1)"
ek_expect_eq "sign with PIN2 (sign key)" ok "$(printf '135791\n' | ek_cardop test-sign pin2)"
ek_expect_match "the card used key 01 then 02" '002241B606800154840101' "$(cat "$EK_TMP/good.log")"
ek_expect_match "... and 02 for PIN2" '002241B606800154840102' "$(cat "$EK_TMP/good.log")"
ek_expect_eq "wrong PIN2" "wrong-code tries=4" "$(printf '999999\n' | ek_cardop test-sign pin2)"
ek_expect_eq "one PIN2 try spent" "pin1=5/yes pin2=4/yes puk=5/yes" "$(ek_card_codes good)"
ek_card_remove

ek_card_init bad --start active --gen 2022 --puk 12345678 --pin1 2468 --pin2 135791 --wrong-key
ek_card_insert bad
ek_expect_eq "a key that does not match the certificate (PIN1)" bad-signature \
	"$(printf '2468\n' | ek_cardop test-sign pin1)"
ek_expect_eq "... (PIN2)" bad-signature "$(printf '135791\n' | ek_cardop test-sign pin2)"
ek_expect_eq "exit status of a bad signature" 1 \
	"$(printf '2468\n' | ek_cardop test-sign pin1 >/dev/null; echo $?)"
ek_card_remove

ek_card_init blocked --start pin1-blocked --gen 2022 --puk 12345678 --pin1 2468
ek_card_insert blocked
ek_expect_eq "a blocked PIN1 signs nothing" blocked \
	"$(printf '2468\n' | ek_cardop test-sign pin1)"
