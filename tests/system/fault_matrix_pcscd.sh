# fault_matrix_pcscd.sh - pcscd killed (SIGKILL) and restarted at each step
# of an activation: on the introduction, while the activation
# code is typed, while PIN1 is typed, and while the card works. Each time
# the kiosk says the service is not available (and not that the card was
# removed: it never was), and once pcscd is back it reads the same card
# again, which the virtual card's reconnection makes possible, and the
# activation starts over from what the card holds.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
. "$top_srcdir/tests/system/fault_matrix_lib.sh"
ek_begin "$@"
fm_texts

PUK=73915062 PIN1=2580
NEW="pin1=5/no pin2=5/no puk=5/yes"
INTRO="Press Enter when you are ready."
ek_card_init base --start new --gen 2022 --puk "$PUK"
# No card is mute here: calls may take as long as the card holds a write.
EIDKIOSK_CARD_TIMEOUT_MS=$((FM_SLOW_WRITE_MS * 4))
ek_kiosk_start --lang en
fm_wait_screen "$FM_WELCOME"

# pcscd_cycle WHERE: kill pcscd now (fm_pcscd_kill); when it is back the
# kiosk reads the card again and starts over from what it holds: nothing
# changed, or (only if the screen said it was not known) PIN1 set.
pcscd_cycle() {
	fm_pcscd_kill "$1"
	ek_wait_until "$FM_CASE: the card read again" 15 ek_has "$INTRO"
	ek_keys Enter
	ek_wait_until "$FM_CASE: the activation code asked" 10 ek_has "Step 1 of"
	if ek_has "Step 1 of 3"; then
		[ "$FM_SAID" = unknown ] ||
			ek_fail "$FM_CASE: the screen said nothing was changed, but PIN1 was set"
		fm_card "pin1=5/yes pin2=5/no puk=5/yes" pin1 "$PIN1"
	else
		ek_has "Step 1 of 5" || ek_fail "$FM_CASE: not the activation's first step"
		fm_card "$NEW"
	fi
	ek_keys Escape
	fm_wait_screen "$INTRO"
}

fm_insert
fm_wait_screen "$INTRO"
pcscd_cycle "on the introduction"

ek_keys Enter
fm_wait_screen "Step 1 of 5"
ek_type "${PUK:0:4}"
fm_wait_screen "* * * *"
pcscd_cycle "while the activation code is typed"

ek_keys Enter "$PUK" Enter
fm_wait_screen "Step 2 of 5"
ek_type "${PIN1:0:2}"
fm_wait_screen "* *"
pcscd_cycle "while PIN1 is typed"

# While the card works: before the write reaches it, or while the card
# holds it (then the screen must have said it was not known).
fm_slow_start "$INTRO" Enter "$PUK" Enter "$PIN1" Enter "$PIN1" Enter
pcscd_cycle "while the card works"

fm_no_codes "$PUK" "$PIN1"
ek_audit_has "audit: every journey cut by pcscd" 'reason=service_down '
fm_done "pcscd killed at $FM_CASES steps of the activation"
