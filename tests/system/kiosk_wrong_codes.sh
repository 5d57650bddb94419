# kiosk_wrong_codes.sh - wrong codes on the kiosk: a wrong activation code
# shows the tries left (the card agrees) and only the code is typed again;
# a mismatching second PIN1 entry has its own message and starts PIN1 over;
# when only one activation code try is left the kiosk stops and says what
# the citizen can do instead, and on the next insertion spends no try.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

PUK="Activation code"
P1="Basic PIN (PIN1)"

# The code commands the card has seen: VERIFY (INS 20), CHANGE REFERENCE
# DATA (24), RESET RETRY COUNTER (2C).
code_cmds() {
	grep -c '^00\(20\|24\|2C\)' "$EK_TMP/w.log"
}

ek_card_init w --start new --gen 2022 --puk 12345678
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert w
ek_wait_screen "Press Enter when you are ready."
ek_keys Enter
ek_wait_screen "Step 1 of 5"
ek_screen_has "Tries left: 5" || ek_fail "activation code tries not shown"
ek_type 87654321; ek_keys Enter
ek_wait_screen "Step 2 of 5"

# The second PIN1 entry differs: its own message, back to the first entry.
ek_type 2580; ek_keys Enter
ek_wait_screen "Step 3 of 5"
ek_type 2581; ek_keys Enter
ek_wait_says "$(ek_msg en rule_mismatch)"
ek_wait_screen "Step 2 of 5"
ek_screen_has "Choose a new basic PIN (PIN1) and type it." ||
	ek_fail "a mismatch did not go back to the first PIN1 entry"
ek_wait_field "$P1" "________"
ek_expect_eq "a mismatch sent nothing" 0 "$(code_cmds)"

# The wrong activation code goes to the card with PIN1: 4 tries left.
ek_type 2580; ek_keys Enter
ek_wait_screen "Step 3 of 5"
ek_type 2580; ek_keys Enter
ek_wait_screen "The activation code was wrong." 15
ek_screen_has "Step 1 of 5" || ek_fail "not back at the activation code"
ek_screen_has "Tries left: 4" || ek_fail "4 tries left not shown"
ek_wait_field "$PUK" "________"
ek_expect_eq "the card spent one try" "pin1=5/no pin2=5/no puk=4/yes" "$(ek_card_codes w)"

# Only the code is typed again (PIN1 stays chosen): 3 left, then 2 with a
# stronger warning.
ek_type 11111111; ek_keys Enter
ek_wait_screen "Tries left: 3" 15
ek_screen_says "The activation code was wrong." || ek_fail "wrong code not told"
ek_screen_says "Careful: the activation code" &&
	ek_fail "the strong warning came already at 3 tries"
ek_type 22222222; ek_keys Enter
ek_wait_screen "Tries left: 2" 15
ek_wait_says "$(ek_msg en puk_few_left n=2)"
ek_expect_eq "two tries left on the card" "pin1=5/no pin2=5/no puk=2/yes" "$(ek_card_codes w)"

# One more wrong code leaves one try: the kiosk stops and says what the
# citizen can do instead.
ek_type 33333333; ek_keys Enter
ek_wait_screen "$(ek_msg en puk_last_try_title)" 15
ek_wait_says "$(ek_msg en puk_last_try_text)"
ek_screen_says "$(ek_msg en puk_last_options)" || ek_fail "no options at the last try"
ek_screen_says "Remember to take your card and your letter with you." ||
	ek_fail "no take-card reminder"
ek_screen_has "Step " && ek_fail "the journey still goes on"
ek_expect_eq "one try left, nothing set" "pin1=5/no pin2=5/no puk=1/yes" "$(ek_card_codes w)"
ek_card_holds w pin1 2580 && ek_fail "PIN1 was set with a wrong activation code"

# The same card again: straight to the same end, no try spent.
ek_card_remove
ek_wait_screen "Welcome"
before=$(code_cmds)
ek_card_insert w
ek_wait_screen "$(ek_msg en puk_last_try_title)" 15
ek_screen_has "Press Enter when you are ready." && ek_fail "a journey was offered"
# Enter and digits do nothing here; the language key after them (en -> fi)
# shows that they were read.
ek_keys Enter
ek_type 12345678; ek_keys Enter /
ek_wait_screen "$(ek_msg fi puk_last_try_title)"
ek_screen_has "Vaihe " && ek_fail "keys started a journey"
ek_expect_eq "no code command on the second visit" "$before" "$(code_cmds)"
ek_expect_eq "card state unchanged" "pin1=5/no pin2=5/no puk=1/yes" "$(ek_card_codes w)"

for code in 12345678 87654321 11111111 22222222 33333333 2580 2581; do
	if grep -qaF "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err"; then
		ek_fail "code $code appeared in the terminal output or the log"
	fi
done
ek_end
