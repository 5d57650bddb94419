# card_service.sh - the service states: pcscd killed and restarted while a
# client waits (SERVICE_DOWN, then the card again, without restarting the
# client), pcscd not running, no matching reader, an empty reader.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

ek_card_init c --start active --gen 2022
ek_card_insert c

# lines FILE: the events seen so far, one word each, space separated.
lines() {
	cut -d' ' -f1 "$1" | tr '\n' ' ' | sed 's/ $//'
}

ek_cardop_bg "$EK_TMP/watch.out" --timeout 30 watch 20
watch=$!
ek_wait_for "the watch to see the card" 5 grep -q '^INSERTED FinEID 2022$' "$EK_TMP/watch.out"
ek_pcscd_stop KILL
ek_wait_for "SERVICE_DOWN after pcscd was killed" 5 grep -q '^SERVICE_DOWN$' "$EK_TMP/watch.out"
ek_expect_eq "events until pcscd died" "INSERTED REMOVED SERVICE_DOWN" "$(lines "$EK_TMP/watch.out")"

# While pcscd is away.
out=$(ek_cardop info 2>&1)
ek_expect_eq "info without pcscd exits 1" 1 "$?"
ek_expect_eq "info without pcscd says so" "eidkiosk: pcscd is not running" "$out"
ek_expect_match "JSON state without pcscd" '"state": "no-service"' "$(ek_cardop info --json 2>/dev/null)"

# pcscd back: the card (which reconnects by itself) is seen again by the
# same client, whose backoff is at most 2 s.
ek_pcscd_start
inserted_twice() {
	[ "$(grep -c '^INSERTED FinEID 2022$' "$EK_TMP/watch.out")" -eq 2 ]
}
ek_wait_for "the card back in the same watch" 8 inserted_twice
ek_stop_pid "$watch"
events=$(lines "$EK_TMP/watch.out")
case "$events" in
"INSERTED REMOVED SERVICE_DOWN READER_EMPTY INSERTED" | \
"INSERTED REMOVED SERVICE_DOWN INSERTED") echo "ok: events $events" ;;
*) ek_fail "events around the restart: $events" ;;
esac
out=$(ek_cardop info --json) || ek_fail "info after the restart: $out"
ek_expect_match "info after the restart" '"pin1": {"tries_left"' "$out"

# A reader fragment nothing matches.
out=$(ek_cardop --reader "No Such Reader" info 2>&1)
ek_expect_eq "no matching reader exits 1" 1 "$?"
ek_expect_eq "no matching reader says so" \
	'eidkiosk: no card reader found matching "No Such Reader"' "$out"
ek_expect_eq "watch shows NO_READER" NO_READER \
	"$(ek_cardop --reader "No Such Reader" --timeout 3 watch 1)"

# The other vpcd reader is empty; the first reader holds the card.
out=$(ek_cardop --reader "PCD 00 01" info 2>&1)
ek_expect_eq "empty reader exits 1" 1 "$?"
ek_expect_eq "empty reader says so" \
	'eidkiosk: no card in the reader "Virtual PCD 00 01"' "$out"
ek_expect_eq "the chosen reader by fragment" "INSERTED FinEID 2022" \
	"$(ek_cardop --reader "PCD 00 00" --timeout 3 watch 1)"

# A client started while pcscd is away waits for it (backoff) and then
# reports the card.
ek_pcscd_stop
ek_cardop_bg "$EK_TMP/watch2.out" --timeout 20 watch 2
watch=$!
ek_wait_for "SERVICE_DOWN first" 5 grep -q '^SERVICE_DOWN$' "$EK_TMP/watch2.out"
ek_pcscd_start
ek_wait_for "the late pcscd to be seen" 8 ek_gone "$watch"
wait "$watch" || ek_fail "watch failed: $(cat "$EK_TMP/watch2.out")"
ek_expect_eq "events of a client started before pcscd" \
	"SERVICE_DOWN READER_EMPTY" "$(lines "$EK_TMP/watch2.out")"
