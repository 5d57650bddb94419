# card_wrong_length.sh - codes of a length the card profile refuses never
# reach the card: no APDU at all is sent, nothing is spent.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

ek_card_init c --start new --gen 2022 --puk 12345678
ek_card_insert c

# try "what" op code stdin: refused as wrong-length with no APDU sent.
try() {
	out=$(printf "$4" | EIDKIOSK_DEBUG_APDU=1 ek_cardop "$2" "$3" 2>"$EK_TMP/apdu.log")
	ek_expect_eq "$1" wrong-length "$out"
	if grep -q '^apdu>' "$EK_TMP/apdu.log"; then
		cat "$EK_TMP/apdu.log" >&2
		ek_fail "$1: an APDU was sent"
	fi
}

try "6-digit activation code" activate pin1 '123456\n2580\n'
try "9-digit activation code" activate pin1 '123456789\n2580\n'
try "3-digit new PIN1" activate pin1 '12345678\n258\n'
try "13-digit new PIN1" activate pin1 '12345678\n1234567890123\n'
try "5-digit new PIN2" activate pin2 '12345678\n25804\n'
try "empty activation code" activate pin2 '\n258046\n'
try "3-digit PIN1 to sign" test-sign pin1 '123\n'
try "3-digit old PIN1" change pin1 '123\n2580\n'
ek_expect_eq "nothing spent, nothing set" "pin1=5/no pin2=5/no puk=5/yes" \
	"$(ek_card_codes c)"
[ ! -s "$EK_TMP/c.log" ] || ! grep -q '^00' "$EK_TMP/c.log" ||
	ek_fail "the card saw commands: $(cat "$EK_TMP/c.log")"

# The debug log of a real activation shows the header, never the codes.
out=$(printf '12345678\n2580\n' | EIDKIOSK_DEBUG_APDU=1 ek_cardop activate pin1 2>"$EK_TMP/apdu.log")
ek_expect_eq "a right-length activation" ok "$out"
ek_expect_match "debug log shows the header" \
	'^apdu> 00 2C 00 11 len=29 (code, body not shown)$' "$(cat "$EK_TMP/apdu.log")"
if grep -q '3132333435363738\|12345678\|2580' "$EK_TMP/apdu.log"; then
	ek_fail "a code appears in the debug log"
fi
echo "ok: no code in the debug log"
