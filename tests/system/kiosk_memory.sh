# kiosk_memory.sh - no code the citizen typed is left in the kiosk's memory:
# the real kiosk (tmux pty, private pcscd + vpcd, eidkiosk-vcard) is searched
# while the new PIN2 is typed (the codes only in the locked secret arena,
# which a core leaves out), on the completion screen and after the card is
# taken (nowhere at all), and none of the activation code, PIN1 or PIN2 is
# in the terminal output, the kiosk's stderr or the virtual card's APDU
# log. (lib_memory.sh: how memory is read from a kiosk that forbids core
# dumps.)
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
. "$top_srcdir/tests/system/lib_memory.sh"
ek_begin "$@"

PUK=58203941 PIN1=7391 PIN2=620594

# The kiosk's memory now, searched for the three codes (lib_memory.sh).
dump_and_scan() {
	ek_scan_memory "$@" "$PUK" "$PIN1" "$PIN2"
}

DONE_TITLE=$(ek_msg en done_activated_title) || exit 1
WELCOME=$(ek_msg en welcome_title) || exit 1

ek_card_init new --start new --gen 2022 --puk "$PUK"
ek_kiosk_start --lang en
ek_wait_screen "$WELCOME"
ek_card_insert new
ek_wait_screen "$(ek_msg en act_intro_start)"
ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=1 steps=5)"
ek_type "$PUK"; ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=2 steps=5)"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=3 steps=5)"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=4 steps=5)" 15
# PIN2 typed, not yet sent: the three codes are in the secret arena.
ek_type "$PIN2"
ek_wait_field "$(ek_msg en name_pin2)" "******__"
dump_and_scan --held typing
# The same scan with the arena: it finds the codes there, so it can see them.
out=$("$EK_MEMSCAN" "$(ek_kiosk_pid)" "$PIN2")
ek_expect_eq "PIN2 being typed found in the arena" 1 "$?"
ek_expect_match "... named as such" "in the locked secret arena" "$out"
ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=5 steps=5)"
ek_type "$PIN2"; ek_keys Enter
ek_wait_screen "$DONE_TITLE" 15
dump_and_scan done
ek_card_remove
ek_wait_screen "$WELCOME"
dump_and_scan after

# The activation really used these codes.
ek_card_holds new pin1 "$PIN1" || ek_fail "the card does not hold PIN1"
ek_card_holds new pin2 "$PIN2" || ek_fail "the card does not hold PIN2"

# Nor in the terminal output, the kiosk's stderr or the card's APDU log
# (hex: the digits' ASCII codes, padded or not). The log did see the
# code-carrying RESET RETRY COUNTER commands.
grep -q '^002C0011.*redacted' "$EK_TMP/new.log" ||
	ek_fail "the card log lacks the activation commands"
[ -s "$EK_TMP/tty.out" ] || ek_fail "the terminal output was not recorded"
for code in "$PUK" "$PIN1" "$PIN2"; do
	! grep -qaF -- "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err" ||
		ek_fail "code $code in the terminal output or the kiosk's stderr"
	hex=$(printf '%s' "$code" | od -An -tx1 | tr -d ' \n')
	! grep -qiF -- "$hex" "$EK_TMP/new.log" ||
		ek_fail "code $code (hex $hex) in the card's APDU log"
done
echo "ok: no code in tty.out, kiosk.err or the card log"
ek_end
