# kiosk_test_card.sh - "test my card" on the kiosk: the card's details read
# without spending a try, then PIN tests where the card signs a fresh
# challenge and the kiosk verifies it. It passes on a good card and fails,
# each with its own words, on a card whose key does not match its
# certificate, on a certificate from a CA the site does not trust, and on
# an expired certificate; a certificate not valid yet is said as such. A
# card pulled during a test changed nothing.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

# insert_to_menu NAME: insert the card and wait for the menu.
insert_to_menu() {
	ek_card_insert "$1"
	ek_wait_screen "What would you like to do?"
}

# test_pin N CODE: on the details screen, test PIN N with CODE.
test_pin() {
	ek_wait_screen "Your card"
	ek_keys "$1"
	ek_wait_screen "Type your"
	ek_type "$2"; ek_keys Enter
}

ek_card_init good --start active --gen 2022 --pin1 2468 --pin2 135791 \
	--given "Liisa Maria" --surname "Virtanen" --docnum AB7654321
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
insert_to_menu good
ek_keys 1
ek_wait_screen "Your card"
ek_screen_has "Holder: Liisa Maria Virtanen" || ek_fail "holder not shown"
ek_screen_has "Document number: AB7654321" || ek_fail "document number not shown"
ek_screen_has "Authentication certificate: OK, issued by a trusted authority" ||
	ek_fail "authentication certificate check not shown"
ek_screen_has "Signature certificate: OK, issued by a trusted authority" ||
	ek_fail "signature certificate check not shown"
ek_screen_has "Issued by: eidkiosk TEST CA" || ek_fail "issuer not shown"
ek_screen_has "Valid until: " || ek_fail "validity not shown"
ek_screen_has "Basic PIN (PIN1): Activated, Tries left: 5" || ek_fail "PIN1 state not shown"
ek_screen_has "Activation code: Tries left: 5" || ek_fail "activation code tries not shown"
ek_expect_eq "reading the details spent no try" "pin1=5/yes pin2=5/yes puk=5/yes" \
	"$(ek_card_codes good)"

test_pin 1 2468
ek_wait_screen "Your card works" 15
ek_screen_has "Your basic PIN (PIN1) is correct" || ek_fail "PIN1 test result not said"
ek_keys Enter
test_pin 2 135791
ek_wait_screen "Your card works" 15
ek_screen_has "Your signature PIN (PIN2) is correct" || ek_fail "PIN2 test result not said"
ek_expect_match "the card signed with the authentication key" '002241B606800154840101' \
	"$(cat "$EK_TMP/good.log")"
ek_expect_match "... and with the signature key" '002241B606800154840102' \
	"$(cat "$EK_TMP/good.log")"
ek_keys Enter
# A wrong PIN: one try, said on the entry screen.
test_pin 1 9999
ek_wait_screen "The basic PIN (PIN1) was wrong." 15
ek_screen_has "Tries left: 4" || ek_fail "tries after a wrong test PIN not shown"
ek_expect_eq "a wrong test PIN spent one try" "pin1=4/yes pin2=5/yes puk=5/yes" \
	"$(ek_card_codes good)"
# Pulled while typing the PIN: nothing changed.
ek_type 24
ek_card_remove
ek_wait_screen "The card was removed"
ek_screen_has "Nothing was changed on the card." || ek_fail "removal story not told"
ek_keys Enter
ek_wait_screen "Welcome"

# A key that does not match the certificate: the signature fails.
ek_card_init wrongkey --start active --gen 2022 --pin1 2468 --wrong-key
insert_to_menu wrongkey
ek_keys 1
test_pin 1 2468
ek_wait_screen "The test failed" 15
ek_screen_says "$(ek_msg en test_failed_text)" || ek_fail "bad signature not said"
ek_card_remove
ek_wait_screen "Welcome"

# A CA the site does not trust: its own screen first, then the details,
# and the PIN test fails on the certificate.
ek_card_init stranger --start active --gen 2025 --puk 7654321 --pin1 2468 --untrusted
insert_to_menu stranger
ek_keys 1
ek_wait_screen "The certificate could not be checked"
ek_keys Enter
ek_wait_screen "Failed: the issuer could not be confirmed"
test_pin 1 2468
ek_wait_screen "The test failed" 15
ek_screen_has "The certificate could not be checked" || ek_fail "untrusted certificate not named"
ek_screen_says "did not pass the check" || ek_fail "certificate failure not explained"
ek_card_remove
ek_wait_screen "Welcome"

# A certificate not valid yet (issued after the kiosk's clock): said as
# that, not as an unknown issuer.
ek_card_init future --start active --gen 2022 --issued 2099-01-01
insert_to_menu future
ek_keys 1
ek_wait_says "$(ek_msg en cert_not_yet_valid)"
ek_keys Enter
ek_wait_screen "$(ek_msg en info_chain_not_yet_valid)"
ek_screen_has "$(ek_msg en info_chain_failed)" && ek_fail "not yet valid told as an unknown issuer"
ek_card_remove
ek_wait_screen "Welcome"

# An expired certificate: the card's own end screen; its details on 1.
ek_card_init old --start active --gen 2022 --pin1 2468 --expired
ek_card_insert old
ek_wait_screen "The certificate on the card has expired"
ek_screen_has "apply for a new card" || ek_screen_says "apply for a new card" ||
	ek_fail "no next step for an expired card"
ek_keys 1
ek_wait_screen "Failed: the certificate has expired"
test_pin 1 2468
ek_wait_screen "The test failed" 15
ek_screen_has "The certificate on the card has expired" || ek_fail "expiry not named"
ek_expect_eq "tests spent no try" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes old)"
ek_card_remove
ek_wait_screen "Welcome"

ek_audit_has "audit: a PIN test" 'event=card_op op=test_sign code=pin1 result=ok'
ek_audit_has "audit: a bad signature" 'event=card_op op=test_sign code=pin1 result=bad_signature'
ek_audit_has "audit: a test journey" 'event=journey_end journey=test reason=(done|card_error)'
ek_no_codes 2468 135791 9999
ek_end
