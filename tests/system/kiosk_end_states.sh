# kiosk_end_states.sh - every card state that ends a visit has its own
# screen with the next step: permanently locked, an unsupported card, an
# unreadable card, the activation code at its last try (new card, and a
# blocked PIN: what the citizen can do instead), and the reader service
# down or without a reader. Each returns to the welcome screen when the
# card comes out.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

# spend_puk NAME N: N wrong activation codes on the card, outside the kiosk.
spend_puk() {
	ek_card_insert "$1"
	for _i in $(seq "$2"); do
		printf '00000000\n2580\n' | ek_cardop activate pin1 >/dev/null
	done
	ek_card_remove
}

# shows NAME TEXT...: insert the card, wait for each text, take it out.
shows() {
	_card=$1
	shift
	ek_card_insert "$_card"
	for _t in "$@"; do
		ek_wait_says "$_t" 15
	done
	ek_screen_says "Remember to take your card and your letter" ||
		ek_fail "$_card: no take-card reminder"
	ek_card_remove
	ek_wait_screen "Welcome"
}

# Cards with one activation code try left, made before the kiosk starts:
# while it serves a card it holds the reader, and cardop could not reach it.
ek_card_init last --start new --gen 2022
spend_puk last 4
ek_expect_eq "one activation code try left" "pin1=5/no pin2=5/no puk=1/yes" \
	"$(ek_card_codes last)"
ek_card_init lowblock --start pin1-blocked --gen 2022
spend_puk lowblock 4

ek_kiosk_start --lang en
ek_wait_screen "Welcome"

ek_card_init locked --start locked --gen 2022
shows locked "$(ek_msg en locked_title)" "you need a new card" \
	"apply for one from the police"

ek_card_init foreign --start new --gen 2025 --puk 7654321 \
	--atr "3B 7F 96 00 00 80 31 B8 65 B0 85 06 10 24 12 24 60 82 90 00"
shows foreign "This card cannot be used here" "Please ask the staff for help."

ek_card_init unreadable --start active --gen 2022
cp "$(ek_card_file unreadable)" "$(ek_card_file garbled)"
ek_card_insert garbled --fault garbage-at:2
ek_wait_screen "The card could not be read" 15
ek_screen_says "insert it again" || ek_fail "no next step for an unreadable card"
ek_card_remove
ek_wait_screen "Welcome"

shows last "$(ek_msg en puk_last_try_title)" "$(ek_msg en puk_last_options)"
ek_expect_eq "the kiosk spent no try" "pin1=5/no pin2=5/no puk=1/yes" "$(ek_card_codes last)"

shows lowblock "Your basic PIN (PIN1) is blocked" "cannot be unblocked here" \
	"$(ek_msg en puk_last_options)"
ek_expect_eq "the kiosk spent no try" "pin1=0/yes pin2=5/yes puk=1/yes" \
	"$(ek_card_codes lowblock)"

# The reader service goes away and comes back; then without any reader.
ek_pcscd_stop
ek_wait_screen "Service not available" 20
ek_screen_says "It keeps trying by itself" || ek_fail "service down text missing"
mkdir -p "$EK_TMP/noreaders"
rm -f /run/pcscd/pcscd.comm
pcscd -f -c "$EK_TMP/noreaders" >>"$EK_TMP/pcscd.log" 2>&1 &
EK_PCSCD_PID=$!
ek_wait_screen "No card reader" 20
ek_screen_says "The card reader is not connected" || ek_fail "no reader text missing"
ek_pcscd_stop
ek_pcscd_start
ek_wait_screen "Insert your ID card" 20
ek_end
