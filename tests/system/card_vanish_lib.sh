# card_vanish_lib.sh - the card pulled in the middle of an activation at
# each of its commands (1 SELECT, 2 RESET RETRY COUNTER, 3-8 the three
# status reads, each GET DATA + GET RESPONSE): the result says "removed"
# with the steps completed, and the card itself shows exactly whether the
# new PIN1 was set, so the kiosk can tell the citizen what changed.
# Sourced after lib.sh by card_vanish_before.sh and card_vanish_after.sh.
# shellcheck shell=bash

# vanish_matrix KIND FIRST_SET: fault vanish-KIND:N for N = 1..8; from
# command FIRST_SET on, the card must hold the new PIN1.
vanish_matrix() {
	local kind=$1 first_set=$2 n=1 step
	ek_card_init base --start new --gen 2022 --puk 12345678
	# Steps completed when the answer to command N never arrives: 1 select,
	# 2 reset retry counter, 3-5 statuses (two commands each).
	for step in 0 1 2 2 3 3 4 4; do
		cp "$(ek_card_file base)" "$(ek_card_file "c$n")"
		ek_card_insert "c$n" --fault "vanish-$kind:$n"
		ek_expect_eq "vanish-$kind:$n result" "removed step=$step" \
			"$(printf '12345678\n2580\n' | ek_cardop activate pin1)"
		ek_card_remove
		if [ "$n" -ge "$first_set" ]; then
			ek_expect_eq "vanish-$kind:$n card state" \
				"pin1=5/yes pin2=5/no puk=5/yes" "$(ek_card_codes "c$n")"
			ek_card_holds "c$n" pin1 2580 ||
				ek_fail "vanish-$kind:$n: PIN1 not the new one"
		else
			ek_expect_eq "vanish-$kind:$n card state (nothing changed)" \
				"pin1=5/no pin2=5/no puk=5/yes" "$(ek_card_codes "c$n")"
		fi
		n=$((n + 1))
	done
}
