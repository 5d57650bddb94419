# kiosk_rules.sh - every PIN rule of PRODUCT.md has its own message on the
# kiosk's screen, and a PIN that breaks one never reaches the card (its state
# and its APDU log show no CHANGE or RESET RETRY COUNTER); the introduction
# tells the rules, the seconds per code and the more-time key before any
# clock runs. Non-digit keys do
# not enter a code field. PIN2 equal to PIN1 is a warning the citizen may
# decline (choose another, the first choice) or accept.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

P1="Basic PIN (PIN1)"
P2="Signature PIN (PIN2)"

# The PIN writes the card has seen: CHANGE REFERENCE DATA (INS 24) and
# RESET RETRY COUNTER (INS 2C) lines of its APDU log.
writes() {
	grep -c '^00\(24\|2C\)' "$EK_TMP/c.log"
}

# rule PIN FIELD STEP MESSAGE: type a PIN that breaks a rule; its message
# shows, the field is empty again, and the journey stays at this step.
rule() {
	ek_type "$1"
	ek_wait_field "$2" "$(printf '%*s' "${#1}" '' | tr ' ' '*')$(
		printf '%*s' $(( $5 - ${#1} > 0 ? $5 - ${#1} : 0 )) '' | tr ' ' _)"
	ek_keys Enter
	ek_wait_says "$4"
	ek_wait_field "$2" "$(printf '%*s' "$5" '' | tr ' ' _)"
	ek_screen_has "$3" || ek_fail "a broken rule left step '$3'"
	echo "ok: rule message '$4'"
}

ek_card_init c --start new --gen 2022 --puk 12345678
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert c
ek_wait_screen "Press Enter when you are ready."
for m in rules_no_date rules_no_run rules_no_same; do
	ek_screen_says "$(ek_msg en $m)" || ek_fail "the introduction does not tell $m"
done
ek_screen_says "$(ek_msg en act_intro_time n=30)" || ek_fail "no seconds per code"
ek_screen_says "$(ek_msg en act_intro_more_time more=+)" || ek_fail "no more-time key"
ek_keys Enter
ek_wait_screen "Step 1 of 5"
ek_type 12345678; ek_keys Enter
ek_wait_screen "Step 2 of 5"
[ -s "$EK_TMP/c.log" ] || ek_fail "the card's APDU log is empty"

# Other keys are ignored, but '.' (the keypad's decimal key) erases: the
# 3 after them lands in the second place. Ctrl-S (flow control) cannot
# freeze the screen: the digits after it show.
ek_keys C-s
ek_type 12
ek_wait_field "$P1" "**______"
ek_type "ab.x="
ek_type 3
ek_wait_field "$P1" "**______"
ek_type 4
ek_wait_field "$P1" "***_____"
ek_keys BSpace BSpace BSpace
ek_wait_field "$P1" "________"

# PIN1: each rule, one after the other, so that each message replaces a
# different one. 123 is short (the length rule comes before the run rule).
rule 123 "$P1" "Step 2 of 5" "The PIN is too short. Use at least 4 digits." 8
rule 123456789 "$P1" "Step 2 of 5" "The PIN is too long. Use at most 8 digits." 8
rule 1111 "$P1" "Step 2 of 5" \
	"All the digits are the same. Please choose a PIN that is harder to guess." 8
rule 1234 "$P1" "Step 2 of 5" \
	"The digits are in a row, like 1234 or 9876. Please choose a PIN that is harder to guess." 8
rule 1985 "$P1" "Step 2 of 5" \
	"The PIN looks like a date or a year. Please choose a PIN that is harder to guess." 8
rule 9876 "$P1" "Step 2 of 5" "The digits are in a row, like 1234 or 9876." 8
rule 150385 "$P1" "Step 2 of 5" "The PIN looks like a date or a year." 8
# The field takes no more than 12 digits (the most a card takes).
ek_type 1234567890123
ek_wait_field "$P1" "************"
ek_keys Enter
ek_wait_says "The PIN is too long. Use at most 8 digits."
ek_wait_field "$P1" "________"
ek_expect_eq "no PIN write after the PIN1 rules" 0 "$(writes)"
ek_expect_eq "card untouched by the PIN1 rules" "pin1=5/no pin2=5/no puk=5/yes" \
	"$(ek_card_codes c)"

ek_type 258046; ek_keys Enter
ek_wait_screen "Step 3 of 5"
ek_type 258046; ek_keys Enter
ek_wait_screen "Step 4 of 5" 15
ek_expect_eq "PIN1 written once" 1 "$(writes)"

# PIN2 has its own lengths (6-8) and the same rules.
rule 24680 "$P2" "Step 4 of 5" "The PIN is too short. Use at least 6 digits." 8
rule 777777 "$P2" "Step 4 of 5" "All the digits are the same." 8
rule 19850315 "$P2" "Step 4 of 5" "The PIN looks like a date or a year." 8
rule 543210 "$P2" "Step 4 of 5" "The digits are in a row, like 1234 or 9876." 8
ek_expect_eq "no PIN write after the PIN2 rules" 1 "$(writes)"

# PIN2 equal to PIN1: a warning. Declining (1, the safer choice first) goes
# back to a new PIN2.
ek_type 258046; ek_keys Enter
ek_wait_screen "Step 5 of 5"
ek_type 258046; ek_keys Enter
ek_wait_says "Your signature PIN (PIN2) is the same as your basic PIN (PIN1). It is safer to use two different PINs."
ek_screen_says "1 $(ek_msg en rule_pin2_same_change)" ||
	ek_fail "no numbered choice to change the PIN"
ek_screen_says "2 $(ek_msg en rule_pin2_same_accept)" ||
	ek_fail "no numbered choice to keep the PIN"
ek_expect_eq "the warning sent nothing" 1 "$(writes)"
ek_keys 1
ek_wait_screen "Step 4 of 5"
ek_wait_field "$P2" "________"
ek_expect_eq "declining sent nothing" 1 "$(writes)"
ek_expect_eq "PIN2 still to set" "pin1=5/yes pin2=5/no puk=5/yes" "$(ek_card_codes c)"

# ... and accepting (2) sets it.
ek_type 258046; ek_keys Enter
ek_wait_screen "Step 5 of 5"
ek_type 258046; ek_keys Enter
ek_wait_says "Your signature PIN (PIN2) is the same as your basic PIN (PIN1)."
ek_keys 2
ek_wait_screen "Your card is activated" 15
ek_expect_eq "PIN2 written once" 2 "$(writes)"
ek_card_holds c pin1 258046 || ek_fail "the card does not hold PIN1"
ek_card_holds c pin2 258046 || ek_fail "the card does not hold the accepted PIN2"
ek_expect_eq "card activated" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes c)"

for code in 12345678 258046; do
	if grep -qaF "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err"; then
		ek_fail "code $code appeared in the terminal output or the log"
	fi
done
ek_end
