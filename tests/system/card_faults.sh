# card_faults.sh - a card that answers garbage or nothing at all: a clear
# error within a bounded time, never a hang, nothing changed on the card,
# and the service works again once the card is taken out.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

# One card call may take 1 s here (10 s by default), longer on a machine
# found busy (lib.sh): a card that answers must never look mute.
EIDKIOSK_CARD_TIMEOUT_MS=$((1000 * EK_BUSY))
export EIDKIOSK_CARD_TIMEOUT_MS

ek_card_init c --start new --gen 2022 --puk 12345678

# A 1-byte answer to the RESET RETRY COUNTER.
ek_card_insert c --fault garbage-at:2
ek_expect_eq "garbage answer to the activation" "malformed step=1" \
	"$(printf '12345678\n2580\n' | ek_cardop activate pin1)"
ek_expect_eq "garbage: nothing changed" "pin1=5/no pin2=5/no puk=5/yes" "$(ek_card_codes c)"
ek_card_remove

ek_card_insert c --fault garbage-at:1
out=$(ek_cardop info 2>&1)
ek_expect_eq "info on a garbage card exits 1" 1 "$?"
ek_expect_match "info says why" 'cannot read the card: malformed card answer' "$out"
ek_card_remove

# No answer at all to the RESET RETRY COUNTER.
ek_card_insert c --fault mute-at:2
t0=$(ek_now_ms)
out=$(printf '12345678\n2580\n' | ek_cardop activate pin1)
took=$(( $(ek_now_ms) - t0 ))
ek_expect_eq "mute card" "timeout step=1" "$out"
[ "$took" -lt $((4000 * EK_TIME_SCALE)) ] || ek_fail "the mute card held us $took ms"
echo "ok: mute card reported after $took ms"
ek_card_remove
ek_expect_eq "mute: nothing changed" "pin1=5/no pin2=5/no puk=5/yes" "$(ek_card_codes c)"

# Mute from the first command: --card-info ends too.
ek_card_insert c --fault mute-at:1
t0=$(ek_now_ms)
out=$(ek_cardop info --json 2>/dev/null)
took=$(( $(ek_now_ms) - t0 ))
ek_expect_match "info on a mute card" '"state": "unreadable"' "$out"
ek_expect_match "... says it did not answer" 'did not answer in time' "$out"
[ "$took" -lt $((4000 * EK_TIME_SCALE)) ] || ek_fail "info on a mute card took $took ms"
echo "ok: info on a mute card ended after $took ms"
ek_card_remove

# Taken out and put back, the same card works.
ek_card_insert c
ek_expect_eq "the card works again" ok "$(printf '12345678\n2580\n' | ek_cardop activate pin1)"
ek_card_holds c pin1 2580 || ek_fail "PIN1 not set after the faults"
