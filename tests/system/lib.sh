# tests/system/lib.sh - the harness every card-layer system test sources.
#
#   . "$top_srcdir/tests/system/lib.sh"
#   ek_begin "$@"        # re-runs the script in private namespaces with its
#                        # own pcscd + vpcd (port 35963 is per test)
#   ek_card_init alice --start new --gen 2022
#   ek_card_insert alice [--fault vanish-after:3]
#   out=$(printf '%s\n' 12345678 1357 | ek_cardop activate pin1)
#   ek_expect_eq "activation result" ok "$out"
#
# Everything waits by polling with a deadline; nothing sleeps to wait for a
# condition. A missing tool fails the test naming the Debian package.
# Environment from make check: top_srcdir, top_builddir.

: "${top_srcdir:?top_srcdir not set (run through make check)}"
: "${top_builddir:?top_builddir not set (run through make check)}"

EK_VCARD=$top_builddir/eidkiosk-vcard
EK_CARDOP=$top_builddir/tests/system/cardop
EK_KIOSK=$top_builddir/eidkiosk
EK_VPCD_LIB=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
EK_CARDS=$top_srcdir/conf/cards.conf
EK_VCARD_PID=
EK_PCSCD_PID=
. "$top_srcdir/tests/system/lib_valgrind.sh"

# Print a failure and end the test (the exit trap shows the logs).
ek_fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Fail unless a command exists; $2 is the Debian package that has it.
ek_need() {
	command -v "$1" >/dev/null 2>&1 ||
		ek_fail "$1 not found: install the Debian package $2"
}

# Fail unless a file exists; $2 is the Debian package that has it.
ek_need_file() {
	[ -e "$1" ] || ek_fail "$1 not found: install the Debian package $2"
}

# Milliseconds since the epoch (a shell variable, no date process).
ek_now_ms() {
	_us=${EPOCHREALTIME/./}
	echo $((_us / 1000))
}

# ek_nap [SECS]: pause between polls (default EK_POLL_S) with a read that
# times out on a pipe nobody writes to: no sleep process for each poll.
ek_nap() {
	if [ -z "${EK_NAP_FD:-}" ]; then
		exec {EK_NAP_FD}<> <(:)
	fi
	read -r -t "${1:-$EK_POLL_S}" -u "$EK_NAP_FD" _ || true
}

# EK_TIME_SCALE stretches every deadline for slow runs (the valgrind pass of
# scripts/setup.sh test: the kiosk starts in seconds there) and spaces the
# polls out as much, up to 250 ms, so that polling does not take the CPU
# the slow programs need.
EK_TIME_SCALE=${EK_TIME_SCALE:-1}
EK_POLL_MS=$(( EK_TIME_SCALE * 50 > 250 ? 250 : EK_TIME_SCALE * 50 ))
EK_POLL_S=0.$(printf '%03d' "$EK_POLL_MS")

# A busy machine (another build, the stress test's own load) gives each
# program a smaller share of a CPU, and everything the tests wait for comes
# later by as much. So deadlines follow the machine's measured speed: when
# a test starts in its namespaces EK_TIME_SCALE grows by the load it finds
# (EK_BUSY, up to EK_BUSY_MAX times), and a wait whose deadline passes on a
# machine busier than that gets the time the share it has deserves before
# failing (ek_later). On a quiet machine nothing changes.
EK_BUSY_MAX=4

# ek_cpu_share: the percent of a CPU (1 to 100) a busy loop gets now: it
# spins for 100 ms and reads the CPU time that took (bash's times).
ek_cpu_share() {
	local user sys
	read -r user sys < <(
		_end=$(( ${EPOCHREALTIME/./} + 100000 ))
		while [ "${EPOCHREALTIME/./}" -lt "$_end" ]; do :; done
		times)
	_share=$(( $(ek_times_ms "$user") + $(ek_times_ms "$sys") ))
	echo $(( _share < 1 ? 1 : _share > 100 ? 100 : _share ))
}

# ek_times_ms 0m0.093s: a time as bash's times prints it, in ms.
ek_times_ms() {
	local sec=${1#*m}
	sec=${sec%s}
	echo $(( ${1%%m*} * 60000 + 10#${sec%.*} * 1000 + 10#${sec#*.} ))
}

# ek_busy_factor: how many times longer things take now than on an idle
# machine (1 to EK_BUSY_MAX), from the share of a CPU a program gets.
ek_busy_factor() {
	local share
	share=$(ek_cpu_share)
	share=$(( (100 + share - 1) / share ))
	echo $(( share > EK_BUSY_MAX ? EK_BUSY_MAX : share ))
}

# The load the test starts on (measured in the namespaces it runs in, once
# per test): EK_BUSY, and deadlines stretched by as much.
EK_BUSY=1
if [ -n "${EK_IN_NS:-}" ]; then
	EK_BUSY=$(ek_busy_factor)
	EK_TIME_SCALE=$((EK_TIME_SCALE * EK_BUSY))
fi

# ek_later WHAT DEADLINE SPAN (microseconds): a wait's deadline has passed.
# On a machine busier now than when the test started, SPAN (stretched by
# EK_BUSY) deserves the busy factor of now instead: prints the later
# deadline; else status 1. All in all a wait never gets more than
# EK_BUSY_MAX times its unstretched time.
ek_later() {
	local f more
	f=$(ek_busy_factor)
	more=$(( $2 + $3 * (f - EK_BUSY) / EK_BUSY ))
	[ "$f" -gt "$EK_BUSY" ] && [ "${EPOCHREALTIME/./}" -lt "$more" ] || return 1
	echo "note: the machine is busier (programs get 1/$f of a CPU):" \
		"waiting $(( (more - $2) / 1000000 )) s more for $1" >&2
	echo "$more"
}

# ek_wait_for "description" TIMEOUT_S command...: run command every EK_POLL_S
# until it succeeds; fail the test at the deadline (both scaled, above).
ek_wait_for() {
	_desc=$1 _us=${EPOCHREALTIME/./}
	_span=$(( $2 * 1000000 * EK_TIME_SCALE ))
	_deadline=$((_us + _span)) _later=
	shift 2
	until "$@"; do
		_us=${EPOCHREALTIME/./}
		if [ "$_us" -ge "$_deadline" ]; then
			[ -z "$_later" ] && _later=$(ek_later "$_desc" "$_deadline" "$_span") ||
				ek_fail "timed out waiting for $_desc"
			_deadline=$_later
		fi
		ek_nap
	done
}

# ek_expect_eq "what" expected actual
ek_expect_eq() {
	[ "$2" = "$3" ] || ek_fail "$1: expected '$2', got '$3'"
	echo "ok: $1 = '$3'"
}

# ek_expect_match "what" pattern text: the text holds a line matching the
# (grep basic) pattern.
ek_expect_match() {
	printf '%s\n' "$3" | grep -q -- "$2" ||
		ek_fail "$1: no line matching '$2' in:
$3"
	echo "ok: $1 matches '$2'"
}

# Whether something listens on TCP port $1 (hex) in this namespace.
ek_listening() {
	grep -qi "^ *[0-9]*: [0-9A-F]*:$1 [0-9A-F]*:0000 0A" /proc/net/tcp
}

# Whether pcscd is up: its socket exists and vpcd listens on 35963.
ek_pcscd_ready() {
	[ -S /run/pcscd/pcscd.comm ] && ek_listening 8C7B
}

# Whether process $1 is gone (or a zombie of ours).
ek_gone() {
	! kill -0 "$1" 2>/dev/null ||
		grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# Stop process $1 with SIGTERM, SIGKILL after 3 s (scaled), and reap it.
ek_stop_pid() {
	local deadline
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || true
	deadline=$(( $(ek_now_ms) + 3000 * EK_TIME_SCALE ))
	until ek_gone "$1"; do
		if [ "$(ek_now_ms)" -ge "$deadline" ]; then
			kill -KILL "$1" 2>/dev/null || true
			break
		fi
		ek_nap 0.02
	done
	wait "$1" 2>/dev/null || true
}

# ek_pcscd_start [--no-reader]: start the private pcscd and wait until it
# serves; --no-reader starts it without the vpcd reader (unplugged).
ek_pcscd_start() {
	_conf=$EK_TMP/reader.conf.d _ready=ek_pcscd_ready
	if [ "${1:-}" = --no-reader ]; then
		_conf=$EK_TMP/no-reader.conf.d _ready="test -S /run/pcscd/pcscd.comm"
		mkdir -p "$_conf"
	fi
	rm -f /run/pcscd/pcscd.comm /run/pcscd/pcscd.pid
	pcscd -f -c "$_conf" >>"$EK_TMP/pcscd.log" 2>&1 &
	EK_PCSCD_PID=$!
	# shellcheck disable=SC2086 # _ready is a command and its arguments
	ek_wait_for "pcscd to serve (${1:-with the vpcd reader})" 5 $_ready
}

# Stop the private pcscd (SIGTERM, or the signal given: ek_pcscd_stop KILL).
ek_pcscd_stop() {
	# (the shell's "Killed" job notice is not a test failure: hidden)
	{
		if [ "${1:-TERM}" != TERM ] && [ -n "$EK_PCSCD_PID" ]; then
			kill "-$1" "$EK_PCSCD_PID" || true
		fi
		ek_stop_pid "$EK_PCSCD_PID"
	} 2>/dev/null
	EK_PCSCD_PID=
}

# The card service driver with this test's CA.
ek_cardop() {
	"$EK_CARDOP" --cards "$EK_CARDS" --ca "$EK_CA" "$@"
}

# ek_cardop_bg OUT ARGS...: ek_cardop in the background, its output in OUT.
# $! is then the driver itself, not a subshell around it, so that
# ek_stop_pid's SIGTERM reaches it (and valgrind sees it end).
ek_cardop_bg() {
	_out=$1
	shift
	"$EK_CARDOP" --cards "$EK_CARDS" --ca "$EK_CA" "$@" >"$_out" 2>&1 &
}

# ek_card_init NAME [eidkiosk-vcard init args]: a card state in $EK_TMP.
ek_card_init() {
	_name=$1
	shift
	"$EK_VCARD" init "$EK_TMP/$_name.card" --ca "$EK_TMP/ca" "$@" ||
		ek_fail "eidkiosk-vcard init $_name $*"
}

# The state file of card NAME.
ek_card_file() {
	echo "$EK_TMP/$1.card"
}

# ek_card_insert NAME [run args]: serve the card to vpcd and wait until
# the card service sees it. The run args go to eidkiosk-vcard run as they
# are (--reader apdu, --fault SPEC, ...).
ek_card_insert() {
	_name=$1
	shift
	[ -z "$EK_VCARD_PID" ] || ek_fail "ek_card_insert: a card is already in"
	"$EK_VCARD" run "$EK_TMP/$_name.card" --log "$EK_TMP/$_name.log" "$@" \
		>>"$EK_TMP/vcard.out" 2>&1 &
	EK_VCARD_PID=$!
	ek_cardop --timeout $((5 * EK_TIME_SCALE)) wait present >/dev/null ||
		ek_fail "the card $_name was not seen by pcscd"
}

# Take the card out (it may have vanished by itself) and wait until the
# card service sees the reader empty.
ek_card_remove() {
	ek_stop_pid "$EK_VCARD_PID"
	EK_VCARD_PID=
	ek_cardop --timeout $((5 * EK_TIME_SCALE)) wait absent >/dev/null ||
		ek_fail "the card was still seen after removal"
}

# The code states `cardop info --json` reports, one word each:
# "pin1=5/no pin2=5/no puk=5/yes" (tries left / activated).
ek_info_codes() {
	ek_cardop info --json "$@" |
		sed -n 's/^ *"\(pin1\|pin2\|puk\)": {"tries_left": \(-\{0,1\}[0-9]*\), "activated": \(true\|false\)}.*/\1=\2\/\3/p' |
		sed 's/true$/yes/; s/false$/no/' | tr '\n' ' ' | sed 's/ $//'
}

# The same words from the card's own state file (what the card holds).
ek_card_codes() {
	"$EK_VCARD" show "$(ek_card_file "$1")" |
		sed -n 's/^\(pin1\|pin2\|puk\) tries=\(-\{0,1\}[0-9]*\) max=[0-9]* activated=\(yes\|no\)$/\1=\2\/\3/p' |
		tr '\n' ' ' | sed 's/ $//'
}

# ek_card_holds NAME pin1|pin2|puk DIGITS: the card's code is DIGITS.
ek_card_holds() {
	printf '%s\n' "$3" | "$EK_VCARD" check "$(ek_card_file "$1")" --code "$2"
}

# The kiosk's screen, if one is up (lib_screen.sh), as it was when the
# test failed.
ek_show_screen() {
	if [ -n "${EK_TMUX_SOCK:-}" ] && [ -S "$EK_TMUX_SOCK" ]; then
		echo "----- screen -----" >&2
		tmux -S "$EK_TMUX_SOCK" capture-pane -p -t "${EK_PANE:-k}" >&2 || true
	fi
}

# Show the logs of this test (on failure).
ek_show_logs() {
	for _f in "$EK_TMP"/pcscd.log "$EK_TMP"/*.out "$EK_TMP"/*.log \
		"$EK_TMP"/*.err; do
		[ -s "$_f" ] || continue
		echo "----- ${_f##*/} -----" >&2
		tail -n 80 "$_f" >&2
	done
}

# Exit trap: stop what we started, show logs on failure, clean up.
ek_end() {
	_status=$?
	trap - EXIT
	[ "$_status" -eq 0 ] || ek_show_screen
	# A kiosk still running is ended the way systemd ends it (lib_screen.sh),
	# so that a checker wrapped around it (valgrind) can report.
	if declare -F ek_kiosk_end >/dev/null && ! ek_kiosk_end; then
		_status=1
	fi
	# The tmux control client the screen is read through (lib_screen.sh)
	# goes with the test.
	if declare -F ek_ctl_stop >/dev/null; then
		ek_ctl_stop
	fi
	ek_stop_pid "$EK_VCARD_PID"
	# The card is strict T=0 (as the real cards): a command it refused as
	# no valid TPDU fails the test, whatever else the test checked.
	if grep -q "T=0 violation" "$EK_TMP/vcard.out" 2>/dev/null; then
		echo "FAIL: the kiosk sent a command the T=0 card refuses (see vcard.out)" >&2
		_status=1
	fi
	ek_stop_pid "$EK_PCSCD_PID"
	ek_valgrind_check "$EK_TMP" || _status=1
	[ "$_status" -eq 0 ] || ek_show_logs
	rm -rf "$EK_TMP"
	# the time each test takes, in its log: where CI's minutes go
	echo "time: ${SECONDS}s"
	exit "$_status"
}

# Check the tools, then re-run this script inside new mount, network and
# pid namespaces, with a /proc of its own (root, or a mapped root user
# otherwise).
ek_reexec() {
	ek_need unshare util-linux
	ek_need ip iproute2
	ek_need pcscd pcscd
	ek_need_file "$EK_VPCD_LIB" vsmartcard-vpcd
	[ -x "$EK_CARDOP" ] || ek_fail "$EK_CARDOP missing (make check builds it)"
	[ -x "$EK_VCARD" ] || ek_fail "$EK_VCARD missing (make builds it)"
	EK_IN_NS=1
	export EK_IN_NS
	set -- --mount --net --pid --fork --kill-child --propagation private --mount-proc \
		"$@"
	[ "$(id -u)" -eq 0 ] || set -- --map-root-user "$@"
	exec unshare "$@"
}

# Start of every test: namespaces, a temp dir, a private pcscd with vpcd.
ek_begin() {
	if [ -z "${EK_IN_NS:-}" ]; then
		ek_reexec "${BASH:-/bin/sh}" "$0" "$@"
	fi
	unset EK_IN_NS
	EK_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ek-${0##*/}.XXXXXX") ||
		ek_fail "cannot make a temp dir"
	EK_CA=$EK_TMP/ca/ca.pem
	trap ek_end EXIT
	ek_valgrind_wrap "$EK_TMP" EK_KIOSK EK_CARDOP || exit 1
	trap 'exit 1' INT TERM HUP
	ip link set lo up || ek_fail "ip link set lo up"
	# A private /run: pcscd's socket and the kiosk's monitor socket live
	# there, and nothing of the machine's /run is touched.
	mount -t tmpfs tmpfs /run || ek_fail "cannot mount a private /run"
	mkdir -p /run/pcscd || ek_fail "cannot make a private /run/pcscd"
	mkdir -p "$EK_TMP/reader.conf.d" "$EK_TMP/ca"
	cat >"$EK_TMP/reader.conf.d/vpcd" <<-EOF
	FRIENDLYNAME "Virtual PCD"
	DEVICENAME /dev/null:0x8C7B
	LIBPATH $EK_VPCD_LIB
	EOF
	ek_pcscd_start
}
