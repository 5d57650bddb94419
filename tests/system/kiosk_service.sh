# kiosk_service.sh - the staff service screen on the kiosk: a wrong staff
# code is refused; the right one shows the card service, the readers, the
# card's ATR and profile, versions, a configuration check run anew (it
# sees a file broken after start-up) and the counters since start; staff
# can go back, or take the kiosk out of service (asked first) and put it
# back: never an exit to a blank terminal.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

EK_KIOSK_CONF=$(ek_kiosk_config "$(ek_staff_conf 24680135)")
ek_card_init card --start new --gen 2022
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert card
ek_wait_screen "Press Enter when you are ready."
ek_keys Escape                       # a journey given up: counted
ek_wait_screen "$(ek_msg en goodbye)"

ek_keys F12
ek_wait_screen "Type the staff code."
ek_type 13579246; ek_keys Enter
ek_wait_screen "Wrong staff code."
ek_type_when_open 24680135
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
ek_screen_has "1   Take the kiosk out of service" || ek_fail "no way out of service"
for code in 24680135 13579246; do
	grep -qaF "$code" "$EK_TMP/tty.out" && ek_fail "staff code $code reached the terminal"
done

# Back to the kiosk: it starts over with the card that is in. A setting
# broken since start-up shows on the next visit.
ek_keys 2
ek_wait_screen "Press Enter when you are ready."
printf 'no_such_setting = 1;\n' >>"$EK_KIOSK_CONF"
ek_keys F12
ek_wait_screen "Type the staff code."
ek_type 24680135; ek_keys Enter
ek_wait_screen "Card service (pcscd)" 15
ek_screen_says "Configuration: 1 problems, see eidkiosk --check-config" ||
	ek_fail "a config broken after start-up not reported"

# Out of service, asked first: the out-of-order screen in every language,
# deaf to cards and keys, until staff put it back with the code.
ek_keys 1
ek_wait_screen "Take the kiosk out of service?"
ek_keys 2
ek_wait_screen "Card service (pcscd)"
ek_keys 1
ek_wait_screen "Take the kiosk out of service?"
ek_keys 1
for l in fi sv en; do
	ek_wait_says "$(ek_msg "$l" out_of_order_title)"
	ek_screen_says "$(ek_msg "$l" out_of_order_text)" ||
		ek_fail "out of order not said in $l"
done
ek_keys 1 Enter Escape
ek_card_remove
ek_card_insert card
ek_screen_says "$(ek_msg en out_of_order_title)" || ek_fail "a card ended the out of service"
ek_kiosk_exited && ek_fail "the kiosk exited"
ek_keys F12
ek_wait_screen "Type the staff code."
ek_type 24680135; ek_keys Enter
ek_wait_screen "Put the kiosk back in service" 15
ek_keys 1
ek_wait_screen "Press Enter when you are ready." 15
sed -i '/^no_such_setting/d' "$EK_KIOSK_CONF"
ek_audit_has "audit: out of service" 'event=staff_action action=out_of_service'
ek_audit_has "audit: back in service" 'event=staff_action action=back_in_service'
ek_audit_has "audit: the service screen" 'event=staff_service action=open'
ek_audit_has "audit: a wrong staff code" 'event=staff_code result=wrong in_a_row=1'
ek_end
