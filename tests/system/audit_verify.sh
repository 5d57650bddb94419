# audit_verify.sh - the audit trail end to end: records written by a running
# writer (tests/system/auditrec, which opens the trail as the kiosk does)
# and checked by `eidkiosk --verify-audit`. A changed, removed, reordered,
# forged or cut record and a wrong key are found (exit 1, FILE:LINE); log
# rotation while running and while stopped is accepted, file by file and as
# a chain; records removed behind the running writer show as a gap; a clean
# cut of the tail is visible against the syslog copy of every record.
: "${top_srcdir:?top_srcdir not set (run through make check)}"
: "${top_builddir:?top_builddir not set (run through make check)}"

. "$top_srcdir/tests/system/lib_valgrind.sh"

K=$top_builddir/eidkiosk
REC=$top_builddir/tests/system/auditrec
T=$(mktemp -d)
REC_PID=
trap '[ -n "$REC_PID" ] && kill "$REC_PID" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
ek_valgrind_wrap "$T" K REC || exit 1
LOG=$T/log/audit.log
KEY=$T/state/audit.key
mkdir "$T/log"

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# The site config the verifier reads the key's path from.
conf() {
	printf 'audit = { file = "%s"; key_file = "%s"; };\n' "$LOG" "$1" >"$T/$2"
}
conf "$KEY" c.conf

# verify "what" expected-status FILE...: eidkiosk --verify-audit, output
# (stdout and stderr) in $T/out.
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

# The writer as a coprocess: one record per line, answered "ok"; its stderr
# is the syslog copy (LOG_PERROR).
rec_start() {
	coproc AREC { exec "$REC" "$LOG" "$KEY" 2>>"$T/syslog"; }
	REC_PID=$AREC_PID
}

# rec EVENT k=v...: record through the running writer, with a deadline.
rec() {
	local reply
	printf '%s\n' "$*" >&"${AREC[1]}"
	read -r -t 10 -u "${AREC[0]}" reply || { fail "auditrec did not answer '$*'"; return; }
	[ "$reply" = ok ] || fail "auditrec could not record '$*': $reply"
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

# 1. A trail from a running writer; the key is made owner-only; no code.
rec_start
journey
[ "$(stat -c %a "$KEY")" = 600 ] || fail "key mode $(stat -c %a "$KEY"), expected 600"
grep -q 'pin=1357' "$LOG" "$T/syslog" && fail "a code-like value reached the trail"
grep -q ' event=card_op op=change result=wrong_code pin=redacted ' "$LOG" ||
	fail "the code-like value is not redacted: $(cat "$LOG")"
grep -q ' event=journey_start journey=activate lang=fi profile=FinEID_2022 mac=' "$LOG" ||
	fail "journey_start not recorded as given: $(cat "$LOG")"
verify "fresh trail" 0 "$LOG";   has "fresh trail" "ok: 5 records, seq 1..5, ends at seq 5 mac="

# 2. logrotate renames the file while the writer runs: the next record
# starts the new file with audit_rotate; each verifies alone and both as a
# chain, but not in the wrong order.
mv "$LOG" "$LOG.1"
journey
head -1 "$LOG" | grep -q '^seq=6 .* event=audit_rotate ' || fail "no audit_rotate: $(head -1 "$LOG")"
verify "rotated, old file" 0 "$LOG.1"
verify "rotated, new file" 0 "$LOG";   has "rotated, new file" "ok: 5 records, seq 6..10"
verify "rotated, as a chain" 0 "$LOG.1" "$LOG"
has "rotated, as a chain" "ok: 10 records, seq 1..10"
verify "rotated, wrong order" 1 "$LOG" "$LOG.1"
has "rotated, wrong order" "$LOG.1:1: a new trail starts here"

# 3. Stopped, rotated again, started: the new file goes on from audit.log.1.
rec_stop
mv "$LOG.1" "$LOG.2"; mv "$LOG" "$LOG.1"
rec_start
rec journey_start journey=test lang=sv profile=FinEID 2025
verify "rotated while stopped" 0 "$LOG.2" "$LOG.1" "$LOG"
has "rotated while stopped" "ok: 13 records, seq 1..13"
verify "a file left out" 1 "$LOG.2" "$LOG"
has "a file left out" "$LOG:1: seq 12 follows seq 5"

# 4. Records removed behind the running writer, in place or by a new file:
# its next record shows the gap.
truncate -s "$(head -1 "$LOG" | wc -c)" "$LOG"
rec journey_end reason=idle
verify "cut in place while running" 1 "$LOG"
has "cut in place while running" "$LOG:2: seq 14 follows seq 12"
sed -i '$d' "$LOG"               # sed -i puts a new file in its place
rec journey_end reason=idle
verify "replaced while running" 1 "$LOG"
has "replaced while running" "$LOG:2: seq 15 follows seq 12"
rec_stop

# 5. Tampering with a clean trail, each on its own copy.
rm -f "$LOG" "$LOG".* "$T/syslog"
rec_start
journey
rec_stop                                       # 6 records, seq 6 audit_stop
cp "$LOG" "$T/good.log"
sed '3s/result=ok/result=no/' "$T/good.log" >"$T/t.log"
verify "edited" 1 "$T/t.log";     has "edited" "$T/t.log:3: seq 3: mac does not match"
has "edited" "1 problem found"
sed '3d' "$T/good.log" >"$T/t.log"
verify "deleted" 1 "$T/t.log";    has "deleted" "$T/t.log:3: seq 4 follows seq 2"
awk 'NR == 2 { h = $0; next } NR == 3 { print; print h; next } 1' "$T/good.log" >"$T/t.log"
verify "reordered" 1 "$T/t.log";  has "reordered" "$T/t.log:2: seq 3 follows seq 1"
sed '1d' "$T/good.log" >"$T/t.log"
verify "head removed" 1 "$T/t.log"
has "head removed" "$T/t.log:1: the file begins with seq 2"
{ cat "$T/good.log"; tail -1 "$T/good.log" | sed 's/^seq=6 /seq=7 /'; } >"$T/t.log"
verify "forged" 1 "$T/t.log";     has "forged" "$T/t.log:7: seq 7: mac does not match"
head -c -10 "$T/good.log" >"$T/t.log"
verify "cut mid-record" 1 "$T/t.log"
has "cut mid-record" "$T/t.log:6: the last record is cut short"

# A clean cut of the tail verifies, but ends short of syslog's last record.
head -n -2 "$T/good.log" >"$T/t.log"
verify "tail cut" 0 "$T/t.log";   has "tail cut" "ends at seq 4 mac="
last=$(grep -o ' seq=[0-9]* ' "$T/syslog" | tail -1 | tr -dc 0-9)
[ "$last" = 6 ] || fail "syslog's last record is seq '$last', expected 6"
while IFS= read -r line; do
	grep -qF -- "$line" "$T/syslog" || fail "not in syslog: $line"
done <"$T/good.log"
verify "intact" 0 "$T/good.log";  has "intact" "ends at seq 6 mac="
has "intact" "(kiosk stopped)"

# 6. Keys: another key finds nothing genuine; no key, an unprotected key or
# an unreadable file is a usage/configuration problem (2).
od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$T/other.key"; chmod 600 "$T/other.key"
conf "$T/other.key" c.conf
verify "wrong key" 1 "$T/good.log"; has "wrong key" "no record matches the key"
conf "$T/none.key" c.conf
verify "no key" 2 "$T/good.log";    has "no key" "$T/none.key: cannot read the audit key"
chmod 644 "$T/other.key"; conf "$T/other.key" c.conf
verify "key others can read" 2 "$T/good.log"; has "key others can read" "make it 600"
conf "$KEY" c.conf
verify "missing file" 2 "$T/none.log"; has "missing file" "$T/none.log: cannot open"
verify "no files" 2;                has "no files" "--verify-audit needs the audit files"
printf 'audit = { key_fiel = "x"; };\n' >"$T/c.conf"
verify "bad config" 2 "$T/good.log"; has "bad config" "$T/c.conf:1: unknown setting 'audit.key_fiel'"

ek_valgrind_check "$T" || fails=$((fails + 1))
[ "$fails" -eq 0 ] || exit 1
echo "ok: audit trail and eidkiosk --verify-audit"
