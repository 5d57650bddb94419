# kiosk_service.sh - the staff service screen on the kiosk: a wrong staff
# code is refused; the right one shows the card service, the readers, the
# card's ATR and profile, versions, a configuration check run anew (it
# sees a file broken after start-up) and the counters since start; staff
# can go back, or exit for maintenance with the terminal restored.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

code_hash=$(printf %s 24680 | sha256sum | cut -d' ' -f1)
EK_KIOSK_CONF=$(ek_kiosk_config "staff = { code_sha256 = \"$code_hash\"; };")
ek_card_init card --start new --gen 2022
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert card
ek_wait_screen "Press Enter when you are ready."
ek_keys Escape                       # a journey given up: counted
ek_wait_screen "Thank you. You can now take your card out"

ek_keys F12
ek_wait_screen "Type the staff code."
ek_type 13579; ek_keys Enter
ek_wait_screen "Wrong staff code."
ek_type 24680; ek_keys Enter
ek_wait_screen "Card service (pcscd)" 15
ek_screen_has "Card service (pcscd): running" || ek_fail "pcscd state not shown"
ek_screen_has "Readers: Virtual PCD 00 00, Virtual PCD 00 01" || ek_fail "readers not shown"
ek_screen_has "Card ATR: 3B 7F 96 00 00 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00" ||
	ek_fail "card ATR not shown"
ek_screen_has "Card profile: FinEID 2022" || ek_fail "card profile not shown"
ek_screen_says "Versions: eidkiosk 0." || ek_fail "versions not shown"
ek_screen_says "pcsc-lite" || ek_fail "library versions not shown"
ek_screen_has "Configuration: no problems" || ek_fail "config check not shown"
ek_screen_has "Journeys started: 1, finished 0" || ek_fail "journey counters not shown"
ek_screen_says "cancelled 1" || ek_fail "ended journeys not counted by reason"
ek_screen_has "1   Exit for maintenance" || ek_fail "no exit for maintenance"
for code in 24680 13579; do
	grep -qaF "$code" "$EK_TMP/tty.out" && ek_fail "staff code $code reached the terminal"
done

# Back to the kiosk: it starts over with the card that is in. A setting
# broken since start-up shows on the next visit.
ek_keys 2
ek_wait_screen "Press Enter when you are ready."
printf 'no_such_setting = 1;\n' >>"$EK_KIOSK_CONF"
ek_keys F12
ek_wait_screen "Type the staff code."
ek_type 24680; ek_keys Enter
ek_wait_screen "Card service (pcscd)" 15
ek_screen_says "Configuration: 1 problems, see eidkiosk --check-config" ||
	ek_fail "a config broken after start-up not reported"

# Exit for maintenance: status 0, the terminal left as it was.
ek_keys 1
ek_wait_for "the kiosk to exit" 10 ek_kiosk_exited
ek_expect_eq "exit status" 0 "$(ek_kiosk_status)"
tail -c 200 "$EK_TMP/tty.out" | grep -qa $'\e\[?1049l' ||
	ek_fail "the alternate screen was not left on exit"
ek_end
