# audit_full.sh - no record lost unannounced: the audit file on
# a small tmpfs (in a private mount namespace) that is filled up while the
# writer (tests/system/auditrec) runs, its key file elsewhere.
# 1. Records made while the disk is full wait in memory (the writer says
#    so: held, alarm, a retry due; a "stop" site blocks), syslog gets each
#    at once; with space again, one retry writes them, in order, chained,
#    followed by audit_held; the trail verifies.
# 2. More records than the queue holds: those beyond it are lost to the
#    file only, and audit_lost names exactly which; the trail verifies
#    and syslog has every one of them.
if [ -z "${EK_AUDIT_NS:-}" ]; then
	command -v unshare >/dev/null ||
		{ echo "FAIL: unshare not found: install the Debian package util-linux"; exit 1; }
	set -- --mount --propagation private
	[ "$(id -u)" -eq 0 ] || set -- "$@" --map-root-user
	EK_AUDIT_NS=1 exec unshare "$@" "${BASH:-/bin/bash}" "$0"
fi
. "${top_srcdir:?top_srcdir not set (run through make check)}/tests/system/lib_audit.sh"

QUEUE=256                        # AUDIT_QUEUE_MAX

mount -t tmpfs -o size=256k,mode=0755 tmpfs "$T/log" || { echo "FAIL: cannot mount a tmpfs"; exit 1; }
AUDIT_MNT=$T/log

# fill: take every byte left on the tmpfs, then write records until one
# cannot be written (the file's last page may have had room).
fill() {
	local i
	dd if=/dev/zero of="$T/log/fill" bs=1k 2>/dev/null
	for i in $(seq 1 40); do
		rec_ask "card_op op=filler n=$i"
		[ "$REPLY" = ok ] || return 0
	done
	fail "records still reach a full disk"
}

# 1. Held while the disk is full, then written.
rec_start --stop
journey
fill
rec_status "disk full" 'health=held held=1 lost=0 alarm=held blocking=yes retry=[0-9]+'
for i in 1 2 3 4 5; do
	rec_ask "card_op op=held n=$i"
	[ "$REPLY" = fail ] || fail "record $i written on a full disk: $REPLY"
done
rec_status "disk full, more" 'health=held held=6 lost=0 alarm=held blocking=yes'
rec_ask retry
[ "$REPLY" = fail ] || fail "a retry on a full disk: $REPLY"
rm "$T/log/fill"
rec_ask retry
[ "$REPLY" = ok ] || fail "a retry with space again: $REPLY"
rec_status "space again" 'health=ok held=0 lost=0 alarm=- blocking=no retry=-1'
for i in 1 2 3 4 5; do
	grep -q " event=card_op op=held n=$i " "$LOG" || fail "held record $i not in the file"
done
grep -q ' event=audit_held count=6 ' "$LOG" || fail "no audit_held count=6: $(tail -3 "$LOG")"
verify "held, then written" 0 "$LOG"
has "held, then written" "ok: "
rec_stop

# 2. More than the queue holds: the rest is lost to the file, and named.
rec_start
fill
n=$((QUEUE + 20))
for i in $(seq 1 "$n"); do
	printf 'card_op op=burst n=%d\n' "$i" >&"${AREC[1]}"
done
for i in $(seq 1 "$n"); do
	read -r -t 10 -u "${AREC[0]}" REPLY || { fail "no answer to record $i"; break; }
done
rec_status "queue full" "health=lost held=$QUEUE lost=2[01] alarm=lost"
rm "$T/log/fill"
rec journey_end reason=done
rec_status "written again" 'health=ok held=0 lost=2[01] alarm=lost blocking=no'
rec_stop
lost=$(grep ' event=audit_lost ' "$LOG") || fail "no audit_lost: $(tail -3 "$LOG")"
first=$(printf '%s\n' "$lost" | sed -n 's/.* first_seq=\([0-9]*\) .*/\1/p')
last=$(printf '%s\n' "$lost" | sed -n 's/.* last_seq=\([0-9]*\) .*/\1/p')
for s in $(seq "$first" "$last"); do
	grep -q "^seq=$s " "$LOG" && fail "seq $s is both lost and in the file"
	grep -q "]: seq=$s .* event=card_op op=burst " "$T/syslog" || fail "lost seq $s is not in syslog"
done
# every record syslog got is in the file, but those audit_lost names
grep -o ']: seq=[0-9]* ' "$T/syslog" | tr -dc '0-9\n' | sort -n | uniq >"$T/all"
grep -o '^seq=[0-9]*' "$LOG" | tr -dc '0-9\n' | sort -n >"$T/file"
seq "$first" "$last" | sort -n - "$T/file" >"$T/both"
cmp -s "$T/all" "$T/both" || fail "records missing from the file: $(comm -23 "$T/all" "$T/both" | head)"
verify "lost, and named" 0 "$LOG"
has "lost, and named" "seq $first..$last ($((last - first + 1)) records) never reached the file (audit_lost): only syslog has them"
has "lost, and named" "lost to the file (syslog has them)"

audit_done "records wait for a full disk, and those lost are named"
