# kiosk_cards.sh - the cards citizens really bring, on the kiosk. A card of
# a FinEID-like generation nobody knows, the contactless face of a FinEID
# (laid on a dual-interface reader) and an expired v3.0 each get their own
# screen, are named to staff with their ATR (service screen, audit trail,
# --card-info) and are sent no command at all. A v4.1 card with another
# applet version byte, behind an APDU-level reader, is served like any v4
# (the kiosk's T=0 commands work there too). A card whose certificates
# start before 13 January 2026 has an 8-digit activation code: 7 digits are
# refused on screen and cost no try. A card that will not tell a code's
# state is served as far as is safe.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

EK_KIOSK_CONF=$(ek_kiosk_config "$(ek_staff_conf 24680135)")

# no_commands NAME: the card was asked for its ATR and nothing else.
no_commands() {
	if grep -v '^#' "$EK_TMP/$1.log" | grep -q .; then
		ek_fail "commands were sent to card $1: $(grep -v '^#' "$EK_TMP/$1.log")"
	fi
	grep -q '^# ATR' "$EK_TMP/$1.log" || ek_fail "card $1 was never powered"
	echo "ok: no command was sent to card $1"
}

# not_served NAME ATR TITLE: insert a card with that ATR, wait for the
# screen TITLE; --card-info names the ATR.
not_served() {
	ek_card_init "$1" --start active --gen 2025 --atr "$2"
	ek_card_insert "$1"
	ek_wait_screen "$3" 15
	out=$(ek_cardop info 2>&1)
	ek_expect_eq "--card-info on card $1 exits 1" 1 "$?"
	ek_expect_match "--card-info names the ATR of $1" "ATR: $2" "$out"
}

# A card that will not tell its activation code's state: --card-info says
# so. (Before the kiosk starts: while it serves a card it holds the reader.)
ek_card_init quiet --start pin1-blocked --gen 2022 --puk 31415926
ek_card_insert quiet --fault refuse-status:83
out=$(ek_cardop info)
ek_expect_match "--card-info: the status not known" \
	'^PUK   status not known (the card did not tell)$' "$out"
ek_card_remove

ek_kiosk_start --lang en
ek_wait_screen "Welcome"

# A FinEID-like card of a generation nobody knows.
other="3B 7F 96 00 00 80 31 B8 65 B0 85 06 00 11 12 24 60 82 90 00"
not_served other "$other" "$(ek_msg en unsupported_title)"
ek_screen_says "$(ek_msg en unsupported_text)" || ek_fail "no next step for an unknown card"
ek_keys F12
ek_wait_screen "Type the staff code."
ek_type 24680135; ek_keys Enter
ek_wait_screen "Card service (pcscd)" 15
ek_screen_has "Card ATR: $other" || ek_fail "the service screen does not name the ATR"
ek_screen_has "Card profile: unknown card" || ek_fail "the service screen calls it known"
ek_keys Escape
ek_wait_screen "$(ek_msg en unsupported_title)"
ek_card_remove
ek_wait_screen "Welcome"
no_commands other
ek_audit_has "audit: an unknown card" \
	"event=card_not_served advice=unsupported atr=${other// /} known=-"

# The contactless face of a FinEID: into the slot, chip first.
cl="3B 8F 80 01 80 31 B8 65 B0 85 05 10 24 12 24 60 82 90 00 D6"
not_served cl "$cl" "$(ek_msg en contactless_title)"
ek_screen_says "$(ek_msg en contactless_text)" || ek_fail "no way on for a contactless card"
ek_screen_says "$(ek_msg en goodbye)" && ek_fail "a contactless card was told goodbye"
json=$(ek_cardop info --json 2>/dev/null)
ek_expect_match "JSON: contactless" '"state": "contactless"' "$json"
ek_expect_match "JSON: what it is" '"known_as": "FinEID, contactless"' "$json"
ek_card_remove
ek_wait_screen "Welcome"
no_commands cl
ek_audit_has "audit: a contactless card" \
	"event=card_not_served advice=contactless atr=${cl// /} known=FinEID,_contactless"

# A v3.0 card: every one of them has expired.
v30="3B 7F 96 00 00 80 31 B8 65 B0 85 03 00 EF 12 00 F6 82 90 00"
not_served v30 "$v30" "$(ek_msg en cert_expired_title)"
ek_screen_says "$(ek_msg en cert_expired_text)" || ek_fail "no way on for a v3.0 card"
ek_card_remove
ek_wait_screen "Welcome"
no_commands v30
ek_audit_has "audit: a v3.0 card" "event=card_not_served advice=expired .*known=FinEID_v3.0"

# FinEID 2025 with another applet version byte (ATR byte 12), behind an
# APDU-level reader: served.
ek_card_init newer --start new --gen 2025 --puk 7654321 \
	--atr "3B 7F 96 00 00 80 31 B8 65 B0 85 05 11 24 12 24 60 82 90 00"
ek_card_insert newer --reader apdu
ek_wait_screen "Press Enter when you are ready." 15
ek_keys Enter
ek_activate 7654321 2580 258046
ek_expect_eq "the newer card activated" "pin1=5/yes pin2=5/yes puk=5/yes" \
	"$(ek_card_codes newer)"
ek_card_holds newer pin2 258046 || ek_fail "the newer card does not hold PIN2"
ek_card_remove
ek_wait_screen "Welcome"
ek_audit_has "audit: served by the v4 profile" \
	'event=journey_start journey=activate lang=en profile=FinEID_v4'

# Certificates from before 13 January 2026: the code has 8 digits.
ek_card_init old --start new --gen 2022 --issued 2025-06-01 --puk 12345678
ek_card_insert old
ek_wait_screen "Press Enter when you are ready." 15
ek_keys Enter
ek_wait_screen "Step 1 of 5"
ek_screen_says "$(ek_msg en prompt_puk_help lengths=8)" ||
	ek_fail "the entry does not say the code has 8 digits"
ek_type 1234567; ek_keys Enter
ek_wait_says "$(ek_msg en rule_puk_length lengths=8)"
ek_screen_has "Step 1 of 5" || ek_fail "a 7-digit code left the entry"
ek_expect_eq "the 7-digit code spent no try" "pin1=5/no pin2=5/no puk=5/yes" \
	"$(ek_card_codes old)"
grep -q '^002C' "$EK_TMP/old.log" && ek_fail "a 7-digit code reached the card"
ek_type 12345678; ek_keys Enter
ek_wait_screen "Step 2 of 5"
ek_card_remove
ek_wait_screen "$(ek_msg en removed_title)"
ek_keys Enter
ek_wait_screen "Welcome"
# A card that will not tell its activation code's state (6A88 to GET
# DATA): still served as far as is safe. The unblocking is offered, the
# entry warns that the tries are not known, and the card's own answer to a
# wrong code tells them from then on.
ek_card_insert quiet --fault refuse-status:83
ek_wait_screen "What would you like to do?" 15
ek_screen_has "1   I forgot my basic PIN (PIN1), or it is blocked" ||
	ek_fail "no unblocking for a card that does not tell its tries"
ek_keys 1
ek_wait_screen "New basic PIN (PIN1)"
ek_keys Enter
ek_wait_screen "Step 1 of 3"
ek_screen_says "$(ek_msg en tries_unknown)" || ek_fail "unknown tries not said"
ek_type 31415920; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type 4826; ek_keys Enter
ek_wait_screen "Step 3 of 3"
ek_type 4826; ek_keys Enter
ek_wait_says "$(ek_msg en wrong_puk)" 15
ek_screen_has "Tries left: 4" || ek_fail "the tries the card told are not shown"
ek_type 31415926; ek_keys Enter
ek_wait_screen "PIN unblocked" 15
ek_card_holds quiet pin1 4826 || ek_fail "the quiet card does not hold the new PIN1"
ek_card_remove
ek_wait_screen "Welcome"
ek_no_codes 7654321 2580 258046 1234567 12345678 31415926 31415920 4826
