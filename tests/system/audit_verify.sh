# audit_verify.sh - the audit trail end to end: records written by a running
# writer (tests/system/auditrec, which opens the trail as the kiosk does)
# and checked by `eidkiosk --verify-audit`. A changed, removed, reordered,
# forged or cut record and a wrong key are found (exit 1, FILE:LINE); log
# rotation while running and while stopped is accepted, file by file and as
# a chain; records removed or an older copy put back behind the running
# writer are recorded (audit_gap) and show as a gap; a clean cut of the
# tail of a copy is visible against the syslog copy of every record. The
# keys: the initial key made on the first start or by --audit-init, and an
# old trail with one fixed key set aside, where it still verifies.
. "${top_srcdir:?top_srcdir not set (run through make check)}/tests/system/lib_audit.sh"

# 1. A trail from a running writer; the key file and the initial key are
# made owner-only; no code.
rec_start
journey
[ "$(stat -c %a "$KEY")" = 600 ] || fail "key mode $(stat -c %a "$KEY"), expected 600"
[ "$(stat -c %a "$KEY.initial")" = 600 ] || fail "initial key mode $(stat -c %a "$KEY.initial")"
grep -q "its initial key is in $KEY.initial" "$T/syslog" || fail "the initial key is not named"
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
# its next record says so (audit_gap) and shows the gap.
truncate -s "$(head -1 "$LOG" | wc -c)" "$LOG"
rec journey_end reason=idle
grep -q '^seq=14 .* event=audit_gap reason=tail_cut expected_seq=13 found_seq=12 ' "$LOG" ||
	fail "no audit_gap for the cut: $(cat "$LOG")"
verify "cut in place while running" 1 "$LOG"
has "cut in place while running" "$LOG:2: seq 14 follows seq 12"
sed -i '$d' "$LOG"               # sed -i puts a new file in its place
rec journey_end reason=idle
verify "replaced while running" 1 "$LOG"
has "replaced while running" "$LOG:3: seq 16 follows seq 14"
has "replaced while running" "audit_gap reason=rewound"
rec_stop

# 5. Tampering with a clean trail, each on its own copy.
rm -f "$LOG" "$LOG".* "$T/syslog" "$KEY" "$KEY.initial"   # a new trail
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

# 6. Keys: another trail's initial key finds nothing genuine; no key, the
# kiosk's current key in place of the initial one or an unreadable file is
# a usage/configuration problem (2).
"$REC" "$T/o.log" "$T/o.key" </dev/null >/dev/null 2>&1 || fail "auditrec for another trail"
verify "wrong key" 1 --key "$T/o.key.initial" "$T/good.log"
has "wrong key" "no record matches the key"
conf "$T/none.key" c.conf
verify "no initial key here" 2 "$T/good.log"
has "no initial key here" "$T/none.key.initial: No such file or directory"
has "no initial key here" "give it with --key FILE"
conf "$KEY" c.conf
verify "the current key" 2 --key "$KEY" "$T/good.log"
has "the current key" "is the kiosk's current key"
verify "missing file" 2 "$T/none.log"; has "missing file" "$T/none.log: cannot open"
verify "no files" 2;                has "no files" "--verify-audit needs the audit files"
"$K" --config "$T/c.conf" --key "$KEY" --check-config >"$T/out" 2>&1
[ $? -eq 2 ] || fail "--key without --verify-audit accepted"
has "--key alone" "--key goes with --verify-audit or --audit-init"

# 7. --audit-init: the key file and the initial key (owner-only), never
# over a trail that goes on; the writer then starts with them.
rm -f "$LOG" "$LOG".*
conf "$T/init/audit.key" c.conf
"$K" --config "$T/c.conf" --audit-init --key "$T/initial.key" >"$T/out" 2>&1 ||
	fail "--audit-init: exit $?"
[ "$(stat -c %a "$T/init/audit.key") $(stat -c %a "$T/initial.key")" = "600 600" ] ||
	fail "--audit-init modes: $(stat -c %a "$T/init/audit.key" "$T/initial.key")"
"$K" --config "$T/c.conf" --audit-init >"$T/out" 2>&1
[ $? -eq 2 ] || fail "--audit-init over a trail: not refused"
has "--audit-init again" "exists: an audit trail goes on with it"
"$REC" "$LOG" "$T/init/audit.key" </dev/null 2>/dev/null || fail "auditrec after --audit-init"
grep -q 'initial_key=made' "$LOG" && fail "a second initial key was made"
verify "after --audit-init" 0 --key "$T/initial.key" "$LOG"
has "after --audit-init" "ok: 2 records, seq 1..2"

# 8. An old trail with one fixed key (64 hex digits): the writer sets it
# and its key aside (.v1), where it still verifies, and starts anew.
rm -f "$LOG"
old=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
printf '%s\n' "$old" >"$T/old.key"; chmod 600 "$T/old.key"
printf 'seq=1 time=2025-01-01T00:00:00Z prev=%064d event=audit_start version=0.0.9\n' 0 |
	"$REC" forge "$old" >"$LOG"
conf "$T/old.key" c.conf
"$REC" "$LOG" "$T/old.key" </dev/null 2>/dev/null || fail "auditrec over an old trail"
verify "old trail set aside" 0 --key "$T/old.key.v1" "$LOG.v1"
has "old trail set aside" "ok: 1 records, seq 1..1"
has "old trail set aside" "one fixed key (no forward security)"
grep -q '^seq=1 .* initial_key=made upgraded_from=fixed_key ' "$LOG" ||
	fail "no new trail after the old one: $(cat "$LOG")"
verify "new trail after the old" 0 "$LOG"

printf 'audit = { key_fiel = "x"; };\n' >"$T/c.conf"
verify "bad config" 2 "$T/good.log"; has "bad config" "$T/c.conf:1: unknown setting 'audit.key_fiel'"
printf 'audit = { on_failure = "halt"; };\n' >"$T/c.conf"
verify "bad on_failure" 2 "$T/good.log"
has "bad on_failure" "$T/c.conf:1: audit.on_failure = \"halt\": use \"continue\" or \"stop\""

audit_done "audit trail and eidkiosk --verify-audit"
