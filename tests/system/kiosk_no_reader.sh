# kiosk_no_reader.sh - the card reader unplugged and plugged back (issue
# #6). Debian's pcscd finds readers only through udev, which a test
# namespace has none of, so the reader goes and comes with a pcscd restart
# without and then with it. The kiosk started without a reader says so and
# takes the card once the reader is back; a reader gone in the middle of
# an activation leaves the card as it was, the screen says the reader is
# gone and what was changed, and the activation starts over when it is back.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

PUK=31415926   # (its first digits appear on no screen: the intro shows 1234)
NO_READER=$(ek_msg en no_reader_title)
NOTHING=$(ek_msg en removed_nothing)
ek_card_init card --start new --gen 2022 --puk "$PUK"

# No reader at start-up: the welcome screen says so, not "insert your card".
ek_pcscd_stop
ek_pcscd_start --no-reader
ek_kiosk_start --lang en
ek_wait_screen "$NO_READER"
ek_screen_has "Insert your ID card" && ek_fail "asks for the card with no reader"

# The reader is plugged in, the card is in it: the activation begins.
ek_pcscd_stop
ek_pcscd_start
ek_card_insert card
ek_wait_screen "Press Enter when you are ready." 15
ek_keys Enter
ek_wait_screen "Step 1 of 5"
ek_type "${PUK:0:4}"
ek_wait_screen "* * * *"

# The reader goes away while the activation code is typed.
ek_pcscd_stop KILL
ek_pcscd_start --no-reader
ek_wait_screen "$NO_READER" 15
ek_screen_says "$NOTHING" || ek_fail "the screen does not say that nothing was changed"
ek_screen_has "Step 1 of 5" && ek_fail "the code entry stayed on the screen"
ek_expect_eq "card state" "pin1=5/no pin2=5/no puk=5/yes" "$(ek_card_codes card)"

# Back again: the same card is read and the activation starts over.
ek_pcscd_stop
ek_pcscd_start
ek_wait_screen "Press Enter when you are ready." 15
ek_audit_has "audit: the journey ended with the reader" \
	'event=journey_end journey=activate reason=service_down '
ek_no_codes "$PUK" "${PUK:0:4}"
ek_end
