# kiosk_change.sh - changing PINs on the kiosk: the current PIN's tries
# first; a new PIN equal to the current one refused with its own message; a
# wrong current PIN costs a try and is retyped alone; the card then holds
# the new PIN. A PIN typed wrong for the last time is blocked, with its own
# screen from which Enter leads to unblocking. A card pulled while the
# change is written: the screen says so and the card tells the truth.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

# change_pin1: from the menu to the current PIN1's entry.
change_pin1() {
	ek_wait_screen "What would you like to do?"
	ek_keys 2
	ek_wait_screen "Change the basic PIN (PIN1)"
	ek_keys Enter
	ek_wait_screen "Step 1 of 3"
}

ek_card_init card --start active --gen 2022 --pin1 1357 --pin2 246801
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert card
ek_wait_screen "What would you like to do?"
ek_screen_has "1   Test my card" || ek_fail "test my card is not first on an active card"

# PIN2: new equal to old refused, then changed.
ek_keys 3
ek_wait_screen "Change the signature PIN (PIN2)"
ek_keys Enter
ek_wait_screen "Step 1 of 3"
ek_screen_has "Tries left: 5" || ek_fail "current PIN tries not shown"
ek_type 246801; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type 246801; ek_keys Enter
ek_wait_screen "The new PIN is the same as your current PIN"
ek_screen_has "Step 2 of 3" || ek_fail "same-as-old did not stay at the new PIN"
ek_type 592817; ek_keys Enter
ek_wait_screen "Step 3 of 3"
ek_type 592817; ek_keys Enter
ek_wait_screen "PIN changed" 15
ek_screen_has "Your signature PIN (PIN2) has been changed" || ek_fail "changed PIN not named"
ek_card_holds card pin2 592817 || ek_fail "the card does not hold the new PIN2"
ek_expect_eq "PIN2 changed, no try spent" "pin1=5/yes pin2=5/yes puk=5/yes" \
	"$(ek_card_codes card)"
ek_card_remove
ek_wait_screen "Welcome"

# PIN1: a wrong current PIN, then the right one; the new PIN is kept.
ek_card_insert card
change_pin1
ek_type 9753; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type 4826; ek_keys Enter
ek_type 4826; ek_keys Enter
ek_wait_screen "The basic PIN (PIN1) was wrong." 15
ek_screen_has "Step 1 of 3" || ek_fail "wrong current PIN did not go back to it"
ek_screen_has "Tries left: 4" || ek_fail "tries after a wrong PIN not shown"
ek_expect_eq "one try spent" "pin1=4/yes pin2=5/yes puk=5/yes" "$(ek_card_codes card)"
ek_type 1357; ek_keys Enter
ek_wait_screen "PIN changed" 15
ek_card_holds card pin1 4826 || ek_fail "the card does not hold the new PIN1"
ek_expect_eq "tries full again" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes card)"
ek_card_remove
ek_wait_screen "Welcome"

# The last wrong try blocks PIN1: its own screen; its choice 1 unblocks it
# at once, and nothing asks for the card meanwhile.
ek_card_insert card
change_pin1
ek_type 1111; ek_keys Enter
ek_type 2580; ek_keys Enter
ek_type 2580; ek_keys Enter
for left in 4 3 2 1; do
	ek_wait_screen "Tries left: $left" 15
	[ "$left" = 1 ] && { ek_screen_has "only one try is left" || ek_fail "no last-try warning"; }
	ek_type 1111; ek_keys Enter
done
ek_wait_screen "Your basic PIN (PIN1) is blocked" 15
ek_screen_has "1   $(ek_msg en blocked_unblock_now)" || ek_fail "no way on from a blocked PIN"
ek_screen_says "$(ek_msg en goodbye_plain)" && ek_fail "asked for the card while offering more"
ek_expect_eq "PIN1 blocked" "pin1=0/yes pin2=5/yes puk=5/yes" "$(ek_card_codes card)"
ek_card_holds card pin1 4826 || ek_fail "blocking changed the PIN"
ek_keys 1
ek_wait_screen "$(ek_msg en unblock_pin1_title)" 15
ek_keys Escape
ek_wait_screen "1   I forgot my basic PIN (PIN1), or it is blocked"
ek_card_remove
ek_wait_screen "Welcome"

# Pulled while the card writes the change: vanish after the CHANGE command
# (READ_INFO's commands, then SELECT and CHANGE REFERENCE DATA).
ek_card_init pull --start active --gen 2022 --pin1 1357
ek_card_insert pull
ek_wait_screen "What would you like to do?"
read_cmds=$(grep -c -- ' -> ' "$EK_TMP/pull.log")
ek_card_remove
ek_wait_screen "Welcome"
ek_card_insert pull --fault "vanish-after:$((read_cmds + 2))"
change_pin1
ek_type 1357; ek_keys Enter
ek_type 3074; ek_keys Enter
ek_type 3074; ek_keys Enter
ek_wait_screen "The card was removed" 15
ek_screen_says "removed while it was being changed. Insert it again to see what was saved." ||
	ek_fail "the removal during the write was not told"
ek_card_holds pull pin1 3074 || ek_fail "the card did not take the change before vanishing"
ek_card_remove
ek_card_insert pull
ek_wait_screen "What would you like to do?"

ek_audit_has "audit: a wrong current PIN" 'event=card_op op=change code=pin1 result=wrong_code step=1 tries_before=5 tries_after=4'
ek_audit_has "audit: change done" 'event=journey_end journey=change reason=done'
ek_audit_has "audit: PIN blocked" 'event=journey_end journey=change reason=code_blocked'
ek_audit_has "audit: pulled while writing" 'event=card_op op=change code=pin1 result=removed'
ek_no_codes 246801 592817 1357 4826 9753 3074
ek_end
