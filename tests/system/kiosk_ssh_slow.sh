# kiosk_ssh_slow.sh - the kiosk over SSH on a slow link: ssh reaches sshd
# through tests/system/relay, which holds every byte 75 ms each way (150 ms
# round trip: a terminal far away; this kernel has no netem) and counts
# what passes. A whole activation completes, and on the activation code's
# entry the countdown, with no key typed, costs at most
# COUNTDOWN_MAX_BPS bytes per second on the wire from sshd to the terminal
# (SSH packets and their MACs included, TCP/IP headers not); one digit
# typed costs one packet up and at most ECHO_MAX bytes down. The figures
# measured are printed ("measured: ..."), with the bytes the terminal
# itself received for comparison (README: 40 B/s on a local terminal).
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
. "$top_srcdir/tests/system/lib_ssh.sh"

# The targets. A countdown second is one redraw of the bar and the number,
# ~40 bytes to the terminal, in one write() (tty.c makes ncurses write
# each frame at once), so sshd sends it as one SSH packet: with
# chacha20-poly1305 (pinned below) a packet carries 34-41 bytes besides
# the data (4 length, 1 padding length, 9 the channel-data header, 4-11
# padding, 16 MAC). Measured here: 75-76 bytes a second. 120 B/s leaves
# room for a second packet now and then; going over it means the kiosk
# writes more per second than the countdown needs (a redraw of the screen,
# or a frame in several writes again: 3-4 packets, 86-192 B/s, as before).
# The echo of one digit is one write: the "*" (50 bytes, 84 in an SSH
# packet) and, since a key starts the countdown again, the bar filled up
# again (after 8 s here: 105 bytes, 140 in a packet); a redraw of the
# field, let alone the screen, would take more than ECHO_MAX.
COUNTDOWN_MAX_BPS=120
ECHO_MAX=200
DELAY_MS=75
RELAY_PORT=2223
TICKS=8
PUK=52719384 PIN1=3092 PIN2=847105

RELAY=$top_builddir/tests/system/relay
[ -x "$RELAY" ] || ek_fail "$RELAY missing (make check builds it)"
COUNT=$EK_TMP/relay.count
TRACE=$EK_TMP/relay.trace
STEP1=$(ek_msg en step_of step=1 steps=5)

ek_ssh_kiosk_config
ek_sshd_start
"$RELAY" --delay-ms "$DELAY_MS" --count "$COUNT" --trace "$TRACE" \
	"$RELAY_PORT" "$EK_SSH_PORT" >"$EK_TMP/relay.out" 2>&1 &
RELAY_PID=$!
ek_wait_for "the relay to listen" 5 ek_listening "$(printf '%04X' "$RELAY_PORT")"
# shellcheck disable=SC2034 # where lib_ssh.sh's ssh connects
EK_SSH_CONNECT_PORT=$RELAY_PORT

# count up|down: bytes delivered so far in that direction.
count() {
	awk -v d="$1" '$1 == d { print $2 }' "$COUNT"
}

# The seconds the countdown shows ("23 s left"), or nothing.
seconds_left() {
	ek_screen | sed -n 's/.*\] \([0-9]*\) s left.*/\1/p'
}

# Whether the countdown shows $1 seconds or fewer.
left_at_most() {
	local s
	s=$(seconds_left)
	[ -n "$s" ] && [ "$s" -le "$1" ]
}

# Whether the relay has delivered more than $1 bytes down.
down_over() {
	[ "$(count down)" -gt "$1" ]
}

# ticks FROM_MS N: from the trace, the first N whole bursts of bytes down
# (a burst: deliveries less than 300 ms apart) that start after FROM_MS,
# the one in progress skipped: "BYTES SPAN_MS" with SPAN_MS from the first
# burst's start to the start of the burst after the last. (Two seconds
# drawn late into one burst still count right: bytes over time.)
ticks() {
	awk -v from="$1" -v n="$2" '
		$2 != "down" || $1 <= from { next }
		last == "" || $1 - last > 300 { b++; start[b] = $1 }
		{ bytes[b] += $3; last = $1 }
		END {
			if (b < n + 2) exit 1
			for (i = 2; i <= n + 1; i++) sum += bytes[i]
			print sum, start[n + 2] - start[2]
		}' "$TRACE"
}

# echo_burst FROM_MS: bytes up in the first delivery up after FROM_MS (the
# key), then the bytes down of the first burst after it (its echo), when
# that burst ended, and when the last burst down before FROM_MS (the
# countdown second waited for) began: "UP DOWN END_MS TICK_MS".
echo_burst() {
	awk -v from="$1" '
		$1 < from && $2 == "down" { if (!last || $1 - last > 300) tick = $1; last = $1 }
		$1 < from { next }
		!up && $2 == "up" { up = $3; next }
		up && $2 == "down" && (!end || $1 - end < 100) { down += $3; end = $1; next }
		up && end { exit }
		END { if (!end) exit 1; print up, down, end, tick }' "$TRACE"
}

ek_card_init new --start new --gen 2022 --puk "$PUK"
ek_card_insert new
t0=$(ek_now_ms)
ek_ssh_kiosk_start slow -c chacha20-poly1305@openssh.com
ek_wait_screen "$(ek_msg en act_intro_start)" 30
echo "measured: login through the slow link to the first screen: $(( $(ek_now_ms) - t0 )) ms," \
	"$(count up) bytes up, $(count down) down"
ek_keys Enter
ek_wait_screen "$STEP1"

# The countdown, no key typed: TICKS whole seconds of it, read from the
# relay's trace, well before its last 10 s (drawn differently).
start=$(seconds_left)
[ "$start" -ge $((TICKS + 16)) ] ||
	ek_fail "the countdown is at $start s already: too late to measure $TICKS s of it"
from=$(ek_now_ms)
tty_from=$(stat -c %s "$(ek_pane_file slow out)")
ek_wait_for "$((TICKS + 4)) seconds of countdown" $((TICKS + 12)) left_at_most $((start - TICKS - 4))
tty_bytes=$(( $(stat -c %s "$(ek_pane_file slow out)") - tty_from ))
tty_ms=$(( $(ek_now_ms) - from ))
read -r bytes span < <(ticks "$from" "$TICKS") ||
	ek_fail "fewer than $TICKS countdown seconds in the relay's trace"
bps=$(( bytes * 1000 / span ))
echo "measured: countdown over SSH: $bps B/s ($bytes bytes in $TICKS ticks over $span ms);" \
	"the terminal got $(( tty_bytes * 1000 / tty_ms )) B/s"
[ "$bps" -le "$COUNTDOWN_MAX_BPS" ] ||
	ek_fail "the countdown costs $bps B/s over SSH, more than $COUNTDOWN_MAX_BPS"
echo "ok: the countdown costs $bps B/s over SSH (at most $COUNTDOWN_MAX_BPS)"

# One digit typed, just after a countdown second went by, so that the
# next one (1 s later) does not come with its echo; tried again if it did.
for try in 1 2 3; do
	c=$(count down)
	ek_wait_for "a countdown second" 5 down_over "$c"
	typed=$(ek_now_ms) tty_from=$(stat -c %s "$(ek_pane_file slow out)")
	ek_type 5
	ek_wait_for "the echo on screen" 5 ek_screen_has "* _ _ _ _ _ _ _"
	seen=$(ek_now_ms)
	ek_wait_for "the echo in the trace" 5 echo_burst "$typed"
	read -r up down at tick < <(echo_burst "$typed")
	tty_echo=$(( $(stat -c %s "$(ek_pane_file slow out)") - tty_from ))
	[ "$at" -lt $((tick + 900)) ] && break
	echo "note: the echo came $((at - tick)) ms after a countdown second, with the next: again"
	ek_keys BSpace
	ek_wait_for "the digit erased" 5 ek_screen_has "_ _ _ _ _ _ _ _"
	[ "$try" -lt 3 ] || ek_fail "no echo measured apart from the countdown in 3 tries"
done
echo "measured: one digit: $up bytes up, its echo $down bytes down over SSH" \
	"($tty_echo to the terminal), seen $((seen - typed)) ms after the key"
[ "$down" -le "$ECHO_MAX" ] ||
	ek_fail "the echo of one digit costs $down bytes over SSH, more than $ECHO_MAX"
echo "ok: the echo of one digit costs $down bytes over SSH (at most $ECHO_MAX)"

# The rest of the activation, through the slow link.
ek_type "${PUK:1}"; ek_keys Enter
ek_wait_screen "Step 2 of 5"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "Step 3 of 5"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "Step 4 of 5" 15
ek_type "$PIN2"; ek_keys Enter
ek_wait_screen "Step 5 of 5"
ek_type "$PIN2"; ek_keys Enter
ek_wait_screen "Your card is activated" 15
echo "measured: the whole visit, login to 'activated': $(( $(ek_now_ms) - t0 )) ms," \
	"$(count up) bytes up, $(count down) down over SSH," \
	"$(stat -c %s "$(ek_pane_file slow out)") to the terminal"
ek_ssh_activated slow new "$PUK" "$PIN1" "$PIN2" "activation done over the slow link"
ek_stop_pid "$RELAY_PID"
ek_end
