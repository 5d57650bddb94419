# audit_forward.sh - what the audit trail survives, through the
# writer tests/system/auditrec and `eidkiosk --verify-audit`:
# 1. records cut from the end of the file while the writer is stopped:
#    the verifier finds the cut against the kiosk's key file, and the next
#    start records it (audit_gap), raises the alarm, and the gap stays;
# 2. an older copy of the file put back while it is stopped: the same,
#    as "rewound";
# 3. a thief with the kiosk's current key rewrites an old record, and
#    forges one after it: the old one is found, only the future is his.
. "${top_srcdir:?top_srcdir not set (run through make check)}/tests/system/lib_audit.sh"

# new_trail: start over, with no file and no key.
new_trail() {
	rm -rf "$T/state" "$LOG" "$T/syslog"
}

# 1. A cut tail across a restart.
new_trail
rec_start; journey; rec_stop                   # seq 1..6
head -n 3 "$LOG" >"$T/cut"; cat "$T/cut" >"$LOG"   # the same file, shorter
cp "$LOG" "$T/copy.log"
verify "a copy of the cut file, alone" 0 "$T/copy.log"
has "a copy of the cut file, alone" "ends at seq 3 mac="
verify "the cut file, with the kiosk's key file" 1 "$LOG"
has "the cut file, with the kiosk's key file" \
	"the file ends at seq 3, but the kiosk's key file says it wrote up to seq 6: seq 4..6 were cut from its end"
rec_start
rec_status "cut tail, at start" 'health=ok held=0 lost=0 alarm=tail_cut blocking=no'
rec journey_end reason=done
rec_stop
sed -n 4p "$LOG" | grep -q '^seq=7 .* event=audit_gap reason=tail_cut expected_seq=6 found_seq=3 ' ||
	fail "no audit_gap after the cut: $(cat "$LOG")"
grep -q "audit: $LOG: tail_cut: it should end at seq 6, it ends at seq 3" "$T/syslog" ||
	fail "the cut did not reach syslog"
verify "cut tail, after the restart" 1 "$LOG"
has "cut tail, after the restart" "$LOG:4: seq 7 follows seq 3: records missing"
has "cut tail, after the restart" "$LOG:4: audit_gap reason=tail_cut"
rec_start
rec_status "cut tail, next start" 'alarm=-'     # recorded once, then gone
rec_stop

# 2. An older copy put back while the writer was stopped.
new_trail
rec_start; journey
cp "$LOG" "$T/old.log"                         # seq 1..5
journey; rec_stop                              # seq 6..10
mv "$T/old.log" "$LOG"
rec_start
rec_status "rewound, at start" 'alarm=rewound'
rec_stop
grep -q '^seq=11 .* event=audit_gap reason=rewound expected_seq=10 found_seq=5 ' "$LOG" ||
	fail "no audit_gap after the rewind: $(cat "$LOG")"
verify "rewound" 1 "$LOG"
has "rewound" "$LOG:6: seq 11 follows seq 5"

# 3. The kiosk's current key stolen: an old record rewritten with it is
# found; a record forged after the end verifies (the future is his), but
# the kiosk, started again, finds the file does not end as it left it.
new_trail
rec_start; journey; rec_stop                   # seq 1..6
stolen=$(sed -n 's/^key=//p' "$KEY")
[ ${#stolen} -eq 64 ] || fail "no key in $KEY"
body=$(sed -n 3p "$LOG" | sed 's/ mac=.*//; s/result=ok/result=no/')
forged=$(printf '%s\n' "$body" | "$REC" forge "$stolen")
awk -v f="$forged" 'NR == 3 { print f; next } 1' "$LOG" >"$T/t.log"
verify "an old record rewritten with the stolen key" 1 --key "$KEY.initial" "$T/t.log"
has "an old record rewritten with the stolen key" "$T/t.log:3: seq 3: mac does not match"
last=$(tail -1 "$LOG" | sed 's/.* mac=//')
printf 'seq=7 time=2026-01-01T00:00:00Z prev=%s event=journey_end reason=forged\n' "$last" |
	"$REC" forge "$stolen" >>"$LOG"
verify "a record forged after the end" 0 --key "$KEY.initial" "$LOG"
sed -i '$d' "$LOG"                              # and taken back: a new file
printf 'seq=7 time=2026-01-01T00:00:00Z prev=%s event=x\n' "$last" |
	"$REC" forge "$(printf '%064d' 0)" >>"$LOG"
rec_start
rec_status "a record the kiosk did not write" 'alarm=changed'
rec_stop

audit_done "a cut tail, a rewound file and a stolen key are found"
