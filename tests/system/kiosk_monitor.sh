# kiosk_monitor.sh - the staff monitor over the kiosk's real socket, run as
# real users (private /etc/passwd and /etc/group in this test's mount
# namespace): a staff member follows an activation step by step and sees
# none of the codes; a user outside the staff group is refused, by the
# socket's permissions and, with those opened up, by the kiosk itself;
# clients that never read or send garbage do not disturb the kiosk; a
# staff reset works when the site allows it and is refused when not.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
ek_need setpriv util-linux
[ "$(id -u)" -eq 0 ] && [ -w /etc ] ||
	ek_fail "this test switches users: run it as root (scripts/setup.sh test does)"

MONCLIENT=$top_builddir/tests/system/monclient
SOCK=$EK_TMP/run/monitor.sock

# Users: ekclerk in the staff group ekstaff, eknobody outside it.
cp /etc/passwd "$EK_TMP/passwd"
cp /etc/group "$EK_TMP/group"
cat >>"$EK_TMP/passwd" <<-END
ekclerk:x:4201:4201::/nonexistent:/bin/sh
eknobody:x:4202:4202::/nonexistent:/bin/sh
END
cat >>"$EK_TMP/group" <<-END
ekclerk:x:4201:
eknobody:x:4202:
ekstaff:x:4200:ekclerk
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

# The monitor as the clerk, in the background, into mon.out.
monitor_start() {
	as ekclerk "$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor \
		>"$EK_TMP/mon.out" 2>"$EK_TMP/mon.err" &
	MON_PID=$!
	ek_wait_for "the monitor's first state" 5 grep -q 'screen=' "$EK_TMP/mon.out"
}

# Whether the socket is gone (its kiosk ended).
gone_socket() {
	[ ! -S "$1" ]
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
ek_wait_for "monitor: intro" 5 mon_has 'screen=intro journey=activate .*puk_tries=5 .*card=in atr=3B7F9600008031B865B085050011122460829000 reader=ok reader_name="Virtual PCD 00 00"'
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
ek_wait_screen "Press Enter when you are ready."
ek_keys Enter
ek_wait_screen "_ _ _ _ _ _ _ _"    # the typed digits are gone
ek_stop_pid "$MON_PID"

# A kiosk whose site forbids resets.
ek_tmux kill-server
ek_wait_for "the first kiosk to end" 5 gone_socket "$SOCK"
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
ek_end
