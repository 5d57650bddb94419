# card_events.sh - card events as the main loop sees them: empty reader,
# insertion with the matched profile, removal, an unsupported card; and an
# idle service that uses no CPU.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

# lines FILE: the events seen so far, space separated.
lines() {
	tr '\n' ' ' <"$1" | sed 's/ $//'
}

ek_card_init a --start new --gen 2022
ek_card_init b --start active --gen 2025
ek_cardop_bg "$EK_TMP/watch.out" --timeout 20 watch 5
watch=$!
ek_wait_for "READER_EMPTY" 5 grep -q '^READER_EMPTY$' "$EK_TMP/watch.out"
ek_card_insert a
ek_wait_for "INSERTED" 5 grep -q '^INSERTED' "$EK_TMP/watch.out"
ek_card_remove
ek_card_insert b
ek_wait_for "the watch to end" 5 ek_gone "$watch"
wait "$watch" || ek_fail "watch failed: $(cat "$EK_TMP/watch.out")"
ek_expect_eq "events" \
	"READER_EMPTY INSERTED FinEID 2022 REMOVED READER_EMPTY INSERTED FinEID 2025" \
	"$(lines "$EK_TMP/watch.out")"

# Idle: a client waiting with a card in does not wake up (no busy loop).
ek_cardop_bg "$EK_TMP/idle.out" --timeout 20 watch 2
watch=$!
ek_wait_for "INSERTED" 5 grep -q '^INSERTED' "$EK_TMP/idle.out"
switches() {
	cat /proc/"$watch"/task/*/status 2>/dev/null |
		awk '/^(non)?voluntary_ctxt_switches/ { n += $2 } END { print n }'
}
s0=$(switches)
[ "${s0:-0}" -gt 0 ] || ek_fail "cannot read the context switches of $watch"
sleep 1     # measuring an interval, not waiting for a condition
s1=$(switches)
[ $((s1 - s0)) -le 4 ] || ek_fail "idle service woke $((s1 - s0)) times in 1 s"
echo "ok: idle service woke $((s1 - s0)) times in 1 s"
ek_stop_pid "$watch"

# A card no profile matches: shown with its ATR, refused for requests.
ek_card_remove
ek_card_init u --start active --gen 2025 \
	--atr "3B 7F 96 00 00 80 31 B8 65 B0 85 06 10 24 12 24 60 82 90 00"
ek_card_insert u
ek_expect_eq "unsupported card event" "INSERTED unsupported" \
	"$("$EK_CARDOP" --cards "$EK_CARDS" --timeout 3 watch 1)"
out=$(ek_cardop info 2>&1)
ek_expect_eq "info on an unsupported card exits 1" 1 "$?"
ek_expect_eq "info names the ATR" \
	'eidkiosk: unsupported card in the reader "Virtual PCD 00 00", ATR: 3B 7F 96 00 00 80 31 B8 65 B0 85 06 10 24 12 24 60 82 90 00' \
	"$out"
ek_expect_eq "a request to an unsupported card" unsupported \
	"$(printf '2468\n' | ek_cardop test-sign pin1)"

# Broken card profiles: a configuration error (exit 2) naming file:line.
printf 'profiles = ( { name = "x"; } );\n' >"$EK_TMP/bad.conf"
out=$("$EK_CARDOP" --cards "$EK_TMP/bad.conf" info 2>&1)
ek_expect_eq "bad cards file exits 2" 2 "$?"
ek_expect_match "bad cards file named with a line" "bad.conf:1: " "$out"
