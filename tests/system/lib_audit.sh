# lib_audit.sh - what the audit trail's system tests share: a temp dir, the
# writer tests/system/auditrec (which opens the trail as the kiosk does) as
# a coprocess, and `eidkiosk --verify-audit` with its output. Sourced by
# audit_verify.sh, audit_forward.sh and audit_full.sh; it sets K, REC, T,
# LOG ($T/log/audit.log), KEY ($T/state/audit.key) and fails; each failure
# is counted and the test goes on; audit_done ends the test.
# shellcheck shell=bash
: "${top_srcdir:?top_srcdir not set (run through make check)}"
: "${top_builddir:?top_builddir not set (run through make check)}"

. "$top_srcdir/tests/system/lib_valgrind.sh"

K=$top_builddir/eidkiosk
REC=$top_builddir/tests/system/auditrec
T=$(mktemp -d)
REC_PID=
AUDIT_MNT=                       # a filesystem a test mounted in $T
trap '[ -n "$REC_PID" ] && kill "$REC_PID" 2>/dev/null
      [ -n "$AUDIT_MNT" ] && umount "$AUDIT_MNT"; rm -rf "$T"' EXIT
fails=0
ek_valgrind_wrap "$T" K REC || exit 1
LOG=$T/log/audit.log
KEY=$T/state/audit.key
mkdir "$T/log"

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# conf KEYFILE NAME: the site config the verifier reads the key's path from.
conf() {
	printf 'audit = { file = "%s"; key_file = "%s"; };\n' "$LOG" "$1" >"$T/$2"
}
conf "$KEY" c.conf

# verify "what" expected-status [--key FILE] FILE...: eidkiosk
# --verify-audit, output (stdout and stderr) in $T/out.
verify() {
	local what=$1 want=$2 got
	shift 2
	"$K" --config "$T/c.conf" --verify-audit "$@" >"$T/out" 2>&1 </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$what: exit $got, expected $want"; cat "$T/out"
	fi
}

# has "what" TEXT: the last verifier output contains TEXT.
has() {
	grep -qF -- "$2" "$T/out" || { fail "$1: output lacks '$2'"; cat "$T/out"; }
}

# rec_start [--stop]: the writer as a coprocess, one command a line; its
# stderr is the syslog copy of every record (LOG_PERROR).
rec_start() {
	coproc AREC { exec "$REC" "$@" "$LOG" "$KEY" 2>>"$T/syslog"; }
	REC_PID=$AREC_PID
}

# rec_ask LINE: send a line to the running writer; its answer in REPLY.
rec_ask() {
	REPLY=
	printf '%s\n' "$1" >&"${AREC[1]}"
	read -r -t 10 -u "${AREC[0]}" REPLY || fail "auditrec did not answer '$1'"
}

# rec EVENT k=v...: a record the file must take now.
rec() {
	rec_ask "$*"
	[ "$REPLY" = ok ] || fail "auditrec could not record '$*': $REPLY"
}

# rec_status "what" PATTERN: the writer's status line matches (grep -E).
rec_status() {
	rec_ask status
	printf '%s\n' "$REPLY" | grep -Eq -- "$2" ||
		fail "$1: status '$REPLY' does not match '$2'"
}

# End of input closes the trail (audit_stop); wait for the writer to exit.
rec_stop() {
	local fd=${AREC[1]}
	eval "exec $fd>&-"
	wait "$REC_PID" || fail "auditrec exited $?"
	REC_PID=
}

# The records of a journey, one of them carrying something code-like.
journey() {
	rec journey_start journey=activate lang=fi profile=FinEID 2022
	rec card_op op=activate result=ok tries_before=5 tries_after=5
	rec card_op op=change result=wrong_code pin=1357 tries_before=3 tries_after=2
	rec journey_end reason=done
}

# audit_done "what was shown": valgrind's verdict, then the test's.
audit_done() {
	ek_valgrind_check "$T" || fails=$((fails + 1))
	[ "$fails" -eq 0 ] || exit 1
	echo "ok: $1"
}
