# card_t0_strict.sh - the virtual card is strict T=0 behind a TPDU-level
# reader, as the recorded real FinEID cards: GET DATA with data AND Le is
# no valid TPDU and gets 6700, and the card names the violation on stderr
# and in its log; without Le it answers 6125 and GET RESPONSE gives the
# recorded layout. Behind --reader apdu the command with Le gets its data
# at once. Commands go through `cardop raw`, exactly as given.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

SELECT_APP='00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35'
GET_DATA='00 CB 00 FF 05 A0 03 83 01 11'
# GET DATA of PIN1 on an activated card with 5 tries, as recorded
PIN1_INFO=A0238301118C04F00000009C04F0000000DF210405FFA503DF2702FFFFDF28010CDF2F0101

# line N of text
line() {
	printf '%s\n' "$2" | sed -n "$1p"
}

# (a) the default: a TPDU-level reader
ek_card_init strict --start active --gen 2022
ek_card_insert strict
out=$(ek_cardop raw "$SELECT_APP" "$GET_DATA 00" "$GET_DATA" "00 C0 00 00 25") ||
	ek_fail "cardop raw exit $?: $out"
ek_expect_eq "strict: select the application" 9000 "$(line 1 "$out")"
ek_expect_eq "strict: GET DATA with Le is refused" 6700 "$(line 2 "$out")"
ek_expect_eq "strict: GET DATA without Le" 6125 "$(line 3 "$out")"
ek_expect_eq "strict: GET RESPONSE gives the recorded layout" "${PIN1_INFO}9000" \
	"$(line 4 "$out")"
ek_expect_match "the card reports the violation on stderr" \
	'^eidkiosk-vcard: T=0 violation: 00CB00FF Lc=05 carries Le on a command with data (answered 6700)$' \
	"$(cat "$EK_TMP/vcard.out")"
ek_expect_match "the card logs the violation" \
	'^00CB00FF05A00383011100 -> 6700 # T=0 violation' "$(cat "$EK_TMP/strict.log")"
ek_card_remove
ek_expect_match "the card counts the violation at exit" \
	'^eidkiosk-vcard: 1 T=0 violation(s) in this run$' "$(cat "$EK_TMP/vcard.out")"
# The violation was on purpose: take it out so that ek_end does not fail
# this test for it.
sed -i '/T=0 violation/d' "$EK_TMP/vcard.out"
ek_expect_eq "violations left in vcard.out" 0 "$(grep -c 'T=0 violation' "$EK_TMP/vcard.out")"

# (b) an APDU-level reader: the command with Le gets its data at once
ek_card_init lenient --start active --gen 2025
ek_card_insert lenient --reader apdu
out=$(ek_cardop raw "$SELECT_APP" "$GET_DATA 00" "$GET_DATA") ||
	ek_fail "cardop raw exit $?: $out"
ek_expect_eq "apdu: select the application" 9000 "$(line 1 "$out")"
ek_expect_eq "apdu: GET DATA with Le gives the data" "${PIN1_INFO}9000" "$(line 2 "$out")"
ek_expect_eq "apdu: GET DATA without Le" 6125 "$(line 3 "$out")"
ek_card_remove
ek_expect_eq "apdu: no violation reported" 0 "$(grep -c 'T=0 violation' "$EK_TMP/vcard.out")"
