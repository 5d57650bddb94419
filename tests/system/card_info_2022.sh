# card_info_2022.sh - `cardop info` (= eidkiosk --card-info) on a FinEID
# 2022 card in each starting state: exact tries left and activated flags,
# the text and JSON layouts, and eidkiosk --card-info itself.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

# check_state STATE EXPECTED: the codes of a card made in STATE.
check_state() {
	ek_card_init "$1" --start "$1" --gen 2022 --puk 12345678 \
		--pin1 2468 --pin2 135791
	ek_card_insert "$1"
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

# The text layout, with a holder name that needs care in JSON.
ek_card_init text --start new --gen 2022 --puk 12345678 --docnum XK7654321 \
	--given 'Maija "Maikki"' --surname Meikäläinen
ek_card_insert text
out=$(ek_cardop info) || ek_fail "info exit $?: $out"
ek_expect_match "profile" '^Profile: *FinEID 2022$' "$out"
ek_expect_match "reader" '^Reader: *Virtual PCD 00 00$' "$out"
ek_expect_match "ATR" '^ATR: *3B 7F 96 00 00 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00$' "$out"
ek_expect_match "document number" '^Document number: *XK7654321$' "$out"
ek_expect_match "holder" '^Holder: *Maija "Maikki" Meikäläinen$' "$out"
ek_expect_match "auth certificate" '^Authentication certificate:$' "$out"
ek_expect_match "sign certificate" '^Signature certificate:$' "$out"
ek_expect_match "issuer" '^  Issuer: *eidkiosk TEST CA' "$out"
ek_expect_match "valid from, ISO 8601 UTC" \
	'^  Valid from: *[0-9]\{4\}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$' "$out"
ek_expect_match "valid until, ISO 8601 UTC" \
	'^  Valid until: *[0-9]\{4\}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$' "$out"
ek_expect_eq "both chains ok" 2 "$(printf '%s\n' "$out" | grep -c '^  Chain: *ok$')"
ek_expect_match "PIN1 line" '^PIN1  tries left: 5, activated: no$' "$out"
ek_expect_match "PIN2 line" '^PIN2  tries left: 5, activated: no$' "$out"
ek_expect_match "PUK line" '^PUK   tries left: 5, activated: yes$' "$out"

json=$(ek_cardop info --json) || ek_fail "info --json exit $?"
ek_expect_match "JSON profile" '^  "profile": "FinEID 2022",$' "$json"
ek_expect_match "JSON ATR" '^  "atr": "3B7F9600008031B865B085050011122460829000",$' "$json"
ek_expect_match "JSON document number" '^  "document_number": "XK7654321",$' "$json"
ek_expect_match "JSON holder escaped" '^  "holder": "Maija \\"Maikki\\" Meikäläinen",$' "$json"
ek_expect_match "JSON auth certificate" \
	'^    "auth": {"subject_cn": ".*", "serial_number": "[0-9A-Z]*", "issuer_cn": "eidkiosk TEST CA[^"]*", "key_type": "EC P-384", "not_before": "[0-9-]*T[0-9:]*Z", "not_after": "[0-9-]*T[0-9:]*Z", "chain": "ok"},$' "$json"
ek_expect_match "JSON sign certificate chain" '^    "sign": {.*"chain": "ok"}$' "$json"
ek_expect_match "JSON puk" '^    "puk": {"tries_left": 5, "activated": true}$' "$json"

# The same through the kiosk binary's --card-info, with a site config.
cat >"$EK_TMP/kiosk.conf" <<CONF
files = {
	cards = "$EK_CARDS";
	ca = "$EK_CA";
	lang_dir = "$top_srcdir/conf/lang";
	theme_dir = "$top_srcdir/themes";
};
CONF
kjson=$("$EK_KIOSK" --card-info --json --config "$EK_TMP/kiosk.conf") ||
	ek_fail "eidkiosk --card-info --json exit $?"
ek_expect_eq "eidkiosk --card-info --json = cardop info --json" "$json" "$kjson"
