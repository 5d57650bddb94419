# card_v31.sh - a FinEID v3.1 card (Gemalto, valid until about 2027)
# through the card service: --card-info names its profile, its RSA-2048
# authentication key and P-256 signing key, and its 8-digit activation
# code; both keys sign a fresh challenge as the recorded card does (RSA-PSS
# with SHA-256 under algorithm 45, ECDSA P-256 with SHA-256 under 44 with
# key 03) and the signatures verify; a key that does not match its
# certificate does not; unblocking PIN1 and changing PIN2 work.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

ek_card_init v31 --start active --gen 3.1 --puk 27182818 --pin1 2468 \
	--pin2 135791 --docnum FX1234567
ek_card_insert v31

out=$(ek_cardop info) || ek_fail "--card-info failed: $out"
ek_expect_match "profile" '^Profile: *FinEID v3.1$' "$out"
ek_expect_match "ATR" '^ATR: *3B 7F 96 00 00 80 31 B8 65 B0 85 04 02 1B 12 00 F6 82 90 00$' "$out"
ek_expect_match "document number" '^Document number: *FX1234567$' "$out"
ek_expect_match "authentication key" '^  Key: *RSA 2048$' "$out"
ek_expect_match "signing key" '^  Key: *EC P-256$' "$out"
ek_expect_match "codes read" '^PUK   tries left: 5, activated: yes$' "$out"
ek_expect_match "an 8-digit activation code" '^Activation code: *8 digits$' "$out"
json=$(ek_cardop info --json)
ek_expect_match "JSON: 8 digits" '"activation_code_digits": 8' "$json"
ek_expect_eq "codes" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_info_codes)"

ek_expect_eq "PIN1 test: RSA-PSS signature verified" ok \
	"$(printf '2468\n' | ek_cardop test-sign pin1)"
ek_expect_eq "PIN2 test: ECDSA P-256 signature verified" ok \
	"$(printf '135791\n' | ek_cardop test-sign pin2)"
log=$(cat "$EK_TMP/v31.log")
ek_expect_match "the authentication key: RSA-PSS, SHA-256" \
	'^002241B606800145840101 -> 9000$' "$log"
ek_expect_match "... a 32-byte hash" '^002A90A0229020[0-9A-F]\{64\} -> 9000$' "$log"
ek_expect_match "the signing key 03: ECDSA, SHA-256" \
	'^002241B606800144840103 -> 9000$' "$log"
ek_expect_match "the signing certificate at 5016 4335" '^00A408040450164335 -> 61' \
	"$log"

ek_expect_eq "unblock PIN1 with the activation code" ok \
	"$(printf '27182818\n8642\n' | ek_cardop activate pin1)"
ek_card_holds v31 pin1 8642 || ek_fail "the card does not hold the new PIN1"
ek_expect_eq "change PIN2" ok "$(printf '135791\n975310\n' | ek_cardop change pin2)"
ek_card_holds v31 pin2 975310 || ek_fail "the card does not hold the new PIN2"
ek_expect_eq "the new PINs sign" ok "$(printf '8642\n' | ek_cardop test-sign pin1)"
ek_card_remove

# Keys that do not match their certificates: both signatures fail.
ek_card_init bad --start active --gen 3.1 --pin1 2468 --pin2 135791 --wrong-key
ek_card_insert bad
ek_expect_eq "RSA-PSS with another key" bad-signature \
	"$(printf '2468\n' | ek_cardop test-sign pin1)"
ek_expect_eq "ECDSA P-256 with another key" bad-signature \
	"$(printf '135791\n' | ek_cardop test-sign pin2)"
ek_card_remove
