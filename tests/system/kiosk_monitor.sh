# kiosk_monitor.sh - the staff monitor over the kiosk's real socket, run as
# real users (private /etc/passwd and /etc/group in this test's mount
# namespace): a staff member follows an activation step by step and sees
# none of the codes; a user outside the staff group is refused, by the
# socket's permissions and, with those opened up, by the kiosk itself;
# clients that never read or send garbage do not disturb the kiosk; one
# clerk cannot take all the slots while another still gets in; a staff
# reset works when the site allows it and is refused when not; the audit
# trail names the user (uid and name) of every connection, refusal,
# disconnection and reset.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
ek_need setpriv util-linux
[ "$(id -u)" -eq 0 ] && [ -w /etc ] ||
	ek_fail "this test switches users: run it as root (scripts/setup.sh test does)"

MONCLIENT=$top_builddir/tests/system/monclient
SOCK=$EK_TMP/run/monitor.sock

# Users: ekclerk and ekclerk2 in the staff group ekstaff, eknobody outside it.
cp /etc/passwd "$EK_TMP/passwd"
cp /etc/group "$EK_TMP/group"
cat >>"$EK_TMP/passwd" <<-END
ekclerk:x:4201:4201::/nonexistent:/bin/sh
eknobody:x:4202:4202::/nonexistent:/bin/sh
ekclerk2:x:4203:4203::/nonexistent:/bin/sh
END
cat >>"$EK_TMP/group" <<-END
ekclerk:x:4201:
eknobody:x:4202:
ekclerk2:x:4203:
ekstaff:x:4200:ekclerk,ekclerk2
END
mount --bind "$EK_TMP/passwd" /etc/passwd || ek_fail "cannot bind a private /etc/passwd"
mount --bind "$EK_TMP/group" /etc/group || ek_fail "cannot bind a private /etc/group"
chmod 755 "$EK_TMP"

# as USER command...: run as that user with its groups from /etc/group.
as() {
	_u=$1
	shift
	setpriv --reuid "$_u" --regid "$_u" --init-groups "$@"
}

# as_exec USER command...: the same, replacing the shell it runs in: for a
# command in the background, so that $! is the command itself (a monitor
# left running would keep its user's slot).
as_exec() {
	_u=$1
	shift
	exec setpriv --reuid "$_u" --regid "$_u" --init-groups "$@"
}

# The monitor as the clerk, in the background, into mon.out.
monitor_start() {
	as_exec ekclerk "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor \
		>"$EK_TMP/mon.out" 2>"$EK_TMP/mon.err" &
	MON_PID=$!
	ek_wait_for "the monitor's first state" 5 grep -q 'screen=' "$EK_TMP/mon.out"
}

# Whether the socket is gone (its kiosk ended).
gone_socket() {
	[ ! -S "$1" ]
}

# Whether the audit trail has more than $2 monitor_connect records of $1
# (uid=N(name)).
connects_over() {
	[ "$(grep -c "event=monitor_connect $1 " "$EK_TMP/audit.log")" -gt "$2" ]
}

# Whether mon.out has a state line matching the extended regex.
mon_has() {
	grep -Eq -- "$1" "$EK_TMP/mon.out"
}

EK_KIOSK_CONF=$(ek_kiosk_config \
	"staff = { group = \"ekstaff\"; monitor_socket = \"$SOCK\"; reset_allowed = true; };")
chmod 644 "$EK_KIOSK_CONF"
ek_card_init card --start new --gen 2022 --puk 58203941
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_wait_for "the monitor socket" 5 test -S "$SOCK"
ek_expect_eq "socket mode and group" "660 ekstaff" "$(stat -c '%a %G' "$SOCK")"
ek_expect_eq "socket directory" "750 ekstaff" "$(stat -c '%a %G' "$(dirname "$SOCK")")"
monitor_start

# Misbehaving clients connect first and stay for the whole journey.
"$MONCLIENT" "$SOCK" silent >"$EK_TMP/silent.out" &
SILENT=$!
ek_wait_for "the silent client" 5 grep -q connected "$EK_TMP/silent.out"
out=$("$MONCLIENT" "$SOCK" garbage)
ek_expect_match "garbage answered" "^error: unknown command" "$out"
ek_expect_match "garbage dropped" "^closed" "$out"
out=$("$MONCLIENT" "$SOCK" long)
ek_expect_match "a long line refused" "^error: line too long" "$out"

# The journey, followed step by step.
ek_card_insert card
ek_wait_screen "Press Enter when you are ready."
ek_wait_for "monitor: intro" 5 mon_has 'screen=intro journey=activate .*puk_tries=5 .*card=in atr=3B7F9600008031B865B085050011122460829000 audit=ok reader=ok reader_name="Virtual PCD 00 00"'
ek_keys Enter
ek_wait_screen "Step 1 of 5"
ek_wait_for "monitor: step 1" 5 mon_has 'screen=enter_puk journey=activate step=1/5 countdown=30/30'
ek_wait_for "monitor: countdown" 5 mon_has 'screen=enter_puk .*countdown=2[0-9]/30'
ek_type 58203941; ek_keys Enter
ek_wait_screen "Step 2 of 5"
ek_wait_for "monitor: step 2" 5 mon_has 'screen=enter_pin1 journey=activate step=2/5'
ek_type 7391; ek_keys Enter
ek_wait_screen "Step 3 of 5"
ek_type 7391; ek_keys Enter
ek_wait_screen "Step 4 of 5" 15
ek_wait_for "monitor: step 4" 5 mon_has 'screen=enter_pin2 journey=activate step=4/5 .*notice=pin1_done'
ek_type 111111; ek_keys Enter
ek_wait_for "monitor: a broken rule" 5 mon_has 'screen=enter_pin2 .*notice=rule_all_same'
ek_type 620594; ek_keys Enter
ek_wait_screen "Step 5 of 5"
ek_type 620594; ek_keys Enter
ek_wait_screen "Your card is activated" 15
ek_wait_for "monitor: done" 5 mon_has 'screen=done journey=activate .*pin1_tries=5 pin2_tries=5'
order=$(sed -n 's/.* state screen=\([a-z_0-9]*\) .*/\1/p' "$EK_TMP/mon.out" | uniq | tr '\n' ' ')
ek_expect_match "monitor steps in order" \
	"welcome .*intro enter_puk enter_pin1 again_pin1 working enter_pin2 again_pin2 working done" \
	"$order"
for code in 58203941 7391 620594 111111; do
	grep -qF "$code" "$EK_TMP/mon.out" && ek_fail "code $code reached the monitor"
done
kill -0 "$SILENT" || ek_fail "the silent client was dropped although it did nothing wrong"
ek_stop_pid "$SILENT"

# Fairness: ekclerk takes a second slot and then knocks for the six left;
# each knock is refused with a clear line, and ekclerk2 still gets in.
ek_audit_has "the clerk's monitor audited" 'event=monitor_connect uid=4201\(ekclerk\) '
as_exec ekclerk "$MONCLIENT" "$SOCK" silent >"$EK_TMP/silent2.out" &
SILENT2=$!
ek_wait_for "the clerk's second monitor" 5 connects_over 'uid=4201(ekclerk)' 1
out=$(timeout $((5 * EK_TIME_SCALE)) \
	setpriv --reuid ekclerk --regid ekclerk --init-groups \
	"$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor 2>&1)   # let in, it would run on
ek_expect_eq "a third monitor: exit status" 1 "$?"
ek_expect_match "a third monitor: told why" \
	"too many monitors of one user are connected: at most 2 each" "$out"
for i in 4 5 6 7 8; do       # quick knocks, within the audit's 10 s
	out=$(as ekclerk "$MONCLIENT" "$SOCK" read)
	ek_expect_match "knock $i refused" "^error: too many monitors of one user" "$out"
done
as_exec ekclerk2 "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor \
	>"$EK_TMP/mon2.out" 2>"$EK_TMP/mon2.err" &
MON2_PID=$!
ek_wait_for "the other clerk's first state" 5 grep -q 'screen=' "$EK_TMP/mon2.out"
kill -0 "$SILENT2" || ek_fail "the clerk's second monitor was dropped"
ek_stop_pid "$MON2_PID"
ek_stop_pid "$SILENT2"
ek_audit_has "the other clerk audited" 'event=monitor_connect uid=4203\(ekclerk2\) '
ek_audit_has "a refusal audited" \
	'event=monitor_refused uid=4201\(ekclerk\) reason=user_limit skipped=0 '
ek_expect_eq "a burst of refusals is one record" 1 \
	"$(grep -c 'event=monitor_refused' "$EK_TMP/audit.log")"
ek_wait_for "the disconnections audited" 5 \
	grep -q 'event=monitor_disconnect uid=4203(ekclerk2) reason=closed ' "$EK_TMP/audit.log"
ek_audit_has "the clerk's disconnection audited" \
	'event=monitor_disconnect uid=4201\(ekclerk\) reason=closed '

# Others are refused: by the socket's mode, and by the kiosk itself.
out=$(as eknobody "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor 2>&1)
ek_expect_eq "non-staff exit status" 1 "$?"
ek_expect_match "non-staff told why (permissions)" "permission denied: only members" "$out"
chmod 755 "$(dirname "$SOCK")"
chmod 666 "$SOCK"
out=$(as eknobody "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor 2>&1)
ek_expect_eq "non-staff exit status (kiosk refuses)" 1 "$?"
ek_expect_match "non-staff told why (peer credentials)" \
	"refused: only members of the staff group 'ekstaff' may monitor this kiosk" "$out"

# Staff reset, allowed here: back to reading the card that is in.
ek_card_remove
ek_card_init second --start new --gen 2022
ek_card_insert second
ek_wait_screen "Press Enter when you are ready."
ek_keys Enter
ek_wait_screen "Step 1 of 5"
ek_type 1234
out=$(as ekclerk "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor --reset)
ek_expect_eq "reset allowed" "reset ok" "$out"
ek_audit_has "the reset audited" 'event=monitor_reset uid=4201\(ekclerk\) result=ok '
ek_wait_screen "Press Enter when you are ready."
ek_keys Enter
ek_wait_screen "_ _ _ _ _ _ _ _"    # the typed digits are gone

# A reset while a PIN is being written waits for the card's answer: the
# screen and the audit tell what the card holds (the card writes slowly).
ek_card_remove
ek_card_init slow --start active --gen 2022 --pin1 2468
ek_card_insert slow --fault slow-write:8000
ek_wait_screen "What would you like to do?" 15
ek_keys 2
ek_wait_screen "Press Enter when you are ready."
ek_keys Enter
ek_wait_screen "Step 1 of 3"
ek_type 2468; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type 7391; ek_keys Enter
ek_wait_screen "Step 3 of 3"
ek_type 7391; ek_keys Enter
ek_wait_for "the write to be with the card" 5 mon_has 'screen=working journey=change'
out=$(as ekclerk "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor --reset)
ek_expect_eq "a reset during the write" "reset ok" "$out"
ek_screen_has "PIN changed" && ek_fail "the reset did not wait for the card"
ek_wait_screen "PIN changed" 20
ek_card_holds slow pin1 7391 || ek_fail "the card does not hold the new PIN1"
ek_audit_has "the reset waited for the card" 'event=staff_reset result=waits_for_card'
ek_audit_has "the change as the card did it" \
	'event=card_op op=change code=pin1 result=ok'
ek_audit_has "the journey ended as the card said" \
	'event=journey_end journey=change reason=done'
ek_audit_has "nothing left to reset" 'event=staff_reset result=not_needed'
ek_card_remove
ek_card_insert second
ek_stop_pid "$MON_PID"

# A kiosk whose site forbids resets. A monitor still connected when the
# first kiosk stops is recorded as disconnected before audit_stop.
n=$(grep -c 'event=monitor_connect uid=4201(ekclerk) ' "$EK_TMP/audit.log")
as_exec ekclerk "$MONCLIENT" "$SOCK" silent >"$EK_TMP/silent3.out" &
SILENT3=$!
ek_wait_for "the clerk's monitor before the stop" 5 connects_over 'uid=4201(ekclerk)' "$n"
ek_tmux kill-server
ek_wait_for "the first kiosk to end" 5 gone_socket "$SOCK"
ek_wait_for "the first kiosk's audit_stop" 5 grep -q 'event=audit_stop' "$EK_TMP/audit.log"
ek_stop_pid "$SILENT3"
ek_audit_has "disconnected by the stop" \
	'event=monitor_disconnect uid=4201\(ekclerk\) reason=kiosk_stop '
ek_expect_match "then audit_stop" 'event=audit_stop' \
	"$(grep -A1 'reason=kiosk_stop' "$EK_TMP/audit.log" | tail -n 1)"
EK_KIOSK_CONF=$(ek_kiosk_config \
	"staff = { group = \"ekstaff\"; monitor_socket = \"$SOCK\"; reset_allowed = false; };")
chmod 644 "$EK_KIOSK_CONF"
ek_kiosk_start --lang en
ek_wait_screen "Press Enter when you are ready."
ek_keys Enter
ek_wait_screen "Step 1 of 5"
out=$(as ekclerk "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor --reset)
ek_expect_eq "reset refused exit status" 1 "$?"
ek_expect_match "reset refused" "^reset refused: the site settings do not allow" "$out"
ek_screen_has "Step 1 of 5" || ek_fail "a refused reset moved the kiosk"
ek_audit_has "the refused reset audited" 'event=monitor_reset uid=4201\(ekclerk\) result=refused '
ek_end
