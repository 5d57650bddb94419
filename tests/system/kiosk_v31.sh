# kiosk_v31.sh - a citizen with a FinEID v3.1 card on the kiosk: PIN1
# blocked, unblocked with the activation code (a 7-digit code is refused on
# screen first: the card's code has 8 digits, and no try is spent); PIN2
# changed; "test my card" shows the card and both PIN tests pass, the card
# signing with its RSA-2048 authentication key (RSA-PSS) and its P-256
# signing key 03, each signature verified by the kiosk.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

ek_card_init v31 --start pin1-blocked --gen 3.1 --puk 27182818 --pin2 135791 \
	--given "Liisa" --surname "Specimen"
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert v31
ek_wait_screen "What would you like to do?" 15
ek_screen_has "1   I forgot my basic PIN (PIN1), or it is blocked" ||
	ek_fail "unblocking PIN1 is not the first choice"
ek_keys 1
ek_wait_screen "New basic PIN (PIN1)"
ek_keys Enter
ek_wait_screen "Step 1 of 3"
ek_wait_says "$(ek_msg en prompt_puk_help lengths=8)"

# Seven digits: refused here, with the length the card has.
ek_type 2718281; ek_keys Enter
ek_wait_says "$(ek_msg en rule_puk_length lengths=8)"
ek_expect_eq "the 7-digit code spent no try" "pin1=0/yes pin2=5/yes puk=5/yes" \
	"$(ek_card_codes v31)"
grep -q '^002C' "$EK_TMP/v31.log" && ek_fail "a 7-digit code reached the card"

ek_type 27182818; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type 4826; ek_keys Enter
ek_wait_screen "Step 3 of 3"
ek_type 4826; ek_keys Enter
ek_wait_screen "PIN unblocked" 15
ek_card_holds v31 pin1 4826 || ek_fail "the card does not hold the new PIN1"
ek_card_remove
ek_wait_screen "Welcome"

# Change PIN2: choice 3 of "TCcUuF".
ek_card_insert v31
ek_wait_screen "What would you like to do?" 15
ek_screen_has "3   Change the signature PIN (PIN2)" || ek_fail "no PIN2 change"
ek_keys 3
ek_wait_screen "Press Enter when you are ready."
ek_screen_has "Change the signature PIN (PIN2)" || ek_fail "not the PIN2 change"
ek_keys Enter
ek_wait_screen "Step 1 of 3"
ek_screen_has "Type your current signature PIN (PIN2)." || ek_fail "no current PIN2 asked"
ek_type 135791; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type 864209; ek_keys Enter
ek_wait_screen "Step 3 of 3"
ek_type 864209; ek_keys Enter
ek_wait_screen "PIN changed" 15
ek_card_holds v31 pin2 864209 || ek_fail "the card does not hold the new PIN2"
ek_card_remove
ek_wait_screen "Welcome"

# Test my card: the details, then both PINs sign and verify.
ek_card_insert v31
ek_wait_screen "What would you like to do?" 15
ek_keys 1
ek_wait_screen "Your card"
ek_screen_has "Holder: Liisa Specimen" || ek_fail "holder not shown"
ek_screen_has "Authentication certificate: OK, issued by a trusted authority" ||
	ek_fail "authentication certificate check not shown"
ek_screen_has "Signature certificate: OK, issued by a trusted authority" ||
	ek_fail "signature certificate check not shown"
for t in "1 4826 basic PIN (PIN1)" "2 864209 signature PIN (PIN2)"; do
	set -- $t
	ek_wait_screen "Your card"
	ek_keys "$1"
	ek_wait_screen "Type your"
	ek_type "$2"; ek_keys Enter
	ek_wait_screen "Your card works" 20
	shift 2
	ek_screen_has "Your $* is correct" || ek_fail "PIN test of $* not said"
	ek_keys Enter
done
ek_expect_match "PIN1 signed with RSA-PSS, key 01" '^002241B606800145840101 -> 9000$' \
	"$(cat "$EK_TMP/v31.log")"
ek_expect_match "PIN2 signed with ECDSA P-256, key 03" '^002241B606800144840103 -> 9000$' \
	"$(cat "$EK_TMP/v31.log")"
ek_card_remove
ek_wait_screen "Welcome"
ek_audit_has "audit: the tests passed" 'event=card_op op=test_sign code=pin2 result=ok'
ek_no_codes 27182818 2718281 4826 864209 135791
