# kiosk_ssh.sh - the citizen's kiosk served over SSH (tests/system/lib_ssh.sh:
# a real sshd on loopback in this test's namespaces, a terminal account that
# exists only here, the real ssh client on a tmux pty). The shipped sshd
# example (conf/sshd_config.d/eidkiosk-terminal.conf.in) is what sshd runs:
# (a) sshd -t accepts it and sshd -T shows what it gives a terminal and
# nobody else; (b) a whole activation through ssh -tt: every step on the
# screen the terminal sees, the card holds the codes, the terminal's own
# audit trail (audit-eidterm1.log) tells the journey and verifies, and no
# code crossed to the terminal; (c) the account gets the kiosk whatever it
# asks for: a command or sftp runs the kiosk, not sh; TCP forwarding either way
# and a forward to a socket of this machine are refused; (d) the link cut
# while the card writes PIN1: the kiosk waits for the card's answer,
# records it, and ends by itself; the card, the audit trail and the
# terminal's next login agree that PIN1 is set, and the activation goes on
# from there.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
. "$top_srcdir/tests/system/lib_ssh.sh"

PUK=47130592 PIN1=8305 PIN2=605139
WELCOME=$(ek_msg en welcome_title)
INTRO=$(ek_msg en act_intro_start)
WORKING=$(ek_msg en working)
MONSOCK=$(ek_ssh_term_file monitor.sock)

ek_ssh_kiosk_config "staff = { monitor_socket = \"$EK_SSH_TERM_DIR/monitor.sock\"; };"
ek_sshd_start

# (a) The configuration with the example included passed sshd -t (in
# ek_sshd_start); what it gives the terminal account, and nobody else.
sshd_T() {
	"$EK_SSHD" -T -f "$EK_SSH_CONF" -C "user=$1,host=terminal,addr=127.0.0.1"
}
sshd_T "$EK_SSH_USER" >"$EK_TMP/sshd-T.member" 2>&1 ||
	ek_fail "sshd -T (terminal account): $(cat "$EK_TMP/sshd-T.member")"
sshd_T root >"$EK_TMP/sshd-T.other" 2>&1 ||
	ek_fail "sshd -T (another user): $(cat "$EK_TMP/sshd-T.other")"
for want in "forcecommand exec $EK_KIOSK --config $EK_SSH_KIOSK_CONF --terminal \"\$USER\"" \
	"permittty yes" "allowtcpforwarding remote" "permitlisten none" "allowstreamlocalforwarding remote" \
	"streamlocalbindunlink yes" "streamlocalbindmask 0177" "allowagentforwarding no" \
	"x11forwarding no" "permittunnel no" "permituserrc no" \
	"permitopen none" "passwordauthentication no" "kbdinteractiveauthentication no" \
	"authenticationmethods publickey" "clientaliveinterval 15"; do
	grep -qxF -- "$want" "$EK_TMP/sshd-T.member" ||
		ek_fail "terminal account: sshd -T lacks '$want': $(grep "^${want%% *} " "$EK_TMP/sshd-T.member")"
done
echo "ok: sshd -T gives the terminal account the kiosk, a pty and no forwarding but a socket back"
grep -qx 'forcecommand none' "$EK_TMP/sshd-T.other" ||
	ek_fail "the terminal block applies to others too: $(grep '^forcecommand ' "$EK_TMP/sshd-T.other")"
echo "ok: the block leaves other users alone"

# (b) A whole activation through ssh -tt.
ek_card_init new --start new --gen 2022 --puk "$PUK"
ek_ssh_kiosk_start t1
ek_wait_screen "$WELCOME" 30
ek_ssh_wait_kiosk
KIOSK1=$EK_SSH_KIOSK_PID
tr '\0' ' ' <"/proc/$KIOSK1/cmdline" | grep -q -- "--terminal $EK_SSH_USER " ||
	ek_fail "the kiosk was not started as --terminal $EK_SSH_USER: $(tr '\0' ' ' <"/proc/$KIOSK1/cmdline")"
ek_expect_eq "the kiosk runs as the terminal account" "$EK_SSH_UID" \
	"$(awk '/^Uid:/ { print $2 }' "/proc/$KIOSK1/status")"
ek_wait_for "the terminal's own monitor socket ($MONSOCK)" 10 test -S "$MONSOCK"
ek_card_insert new
ek_wait_screen "$INTRO" 15
ek_keys Enter
ek_activate "$PUK" "$PIN1" "$PIN2"
ek_screen_says "$(ek_msg en reminder_take_card)" || ek_fail "no take-card reminder through ssh"
ek_card_holds new pin1 "$PIN1" || ek_fail "the card does not hold the new PIN1"
ek_card_holds new pin2 "$PIN2" || ek_fail "the card does not hold the new PIN2"
ek_expect_eq "card fully activated" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes new)"
ek_ssh_audit_has "audit: the terminal's kiosk starts" "event=audit_start .*terminal=$EK_SSH_USER( |$)"
ek_ssh_audit_has "audit: activation begins" 'event=journey_start journey=activate lang=en profile=FinEID_2022'
ek_ssh_audit_has "audit: PIN1 and PIN2 written" \
	'event=card_op op=reset_retry code=puk result=ok .*tries_before=5 tries_after=5'
ek_ssh_audit_has "audit: activation done" 'event=journey_end journey=activate reason=done'
[ -e "$EK_SSH_TERM_DIR/audit.log" ] &&
	ek_fail "the kiosk wrote audit.log, not the terminal's audit-$EK_SSH_USER.log"
ek_ssh_logout t1
ek_ssh_no_codes t1 "$PUK" "$PIN1" "$PIN2"
[ -s "$(ek_pane_file t1 out)" ] || ek_fail "the terminal output was not recorded"
ek_card_remove

# (c) No shell: a command asked for runs the kiosk (with a pty, the
# welcome screen; without, the kiosk refusing to run without a terminal),
# never sh; a subsystem (sftp) too.
MARK=ek-shell-$$
ek_ssh_kiosk_start cmd -- /bin/sh -c "echo $MARK; id"
ek_wait_screen "$WELCOME" 30
ek_ssh_wait_kiosk cmd
tr '\0' '\n' <"/proc/$EK_SSH_KIOSK_PID/environ" |
	grep -qxF "SSH_ORIGINAL_COMMAND=/bin/sh -c echo $MARK; id" ||
	ek_fail "the kiosk did not run in place of the command asked for"
grep -aq "$MARK" "$(ek_pane_file cmd out)" && ek_fail "sh ran the command asked for"
grep -aq "uid=" "$(ek_pane_file cmd out)" && ek_fail "id ran"
ek_ssh_logout cmd
echo "ok: a command asked for with a pty gets the kiosk"
out=$(ek_ssh_run -- "echo $MARK")
rc=$?
[ "$rc" -ne 0 ] || ek_fail "a command without a pty ended with 0: $out"
case $out in *"$MARK"*) ek_fail "sh ran the command asked for without a pty: $out" ;; esac
echo "ok: a command without a pty is no shell either (exit $rc: ${out%%$'\n'*})"
# forced_sessions: how many sessions sshd started with the kiosk.
forced_sessions() {
	grep -c "Starting session: forced-command (config) 'exec $EK_KIOSK " "$EK_TMP/sshd.log"
}
n=$(forced_sessions)
out=$(ek_ssh_run -s -- sftp) && ek_fail "the sftp subsystem ended with 0: $out"
ek_expect_eq "the sftp subsystem ran the kiosk" $((n + 1)) "$(forced_sessions)"
grep -q "session opened for local user" "$EK_TMP/sshd.log" && ek_fail "sftp ran"

# Forwarding: a port on this machine back to the terminal (-R) is refused
# at once; a connection from the terminal into this machine (-L), to a
# TCP port or to this machine's own pcscd socket, is refused when used.
out=$(ek_ssh_run -N -o ExitOnForwardFailure=yes -R 127.0.0.1:2399:127.0.0.1:9 2>&1)
rc=$?
[ "$rc" -ne 0 ] || ek_fail "-R of a TCP port was accepted"
ek_expect_match "-R of a TCP port refused" "remote port forwarding failed" "$out"
# shellcheck disable=SC2046 # ek_ssh_cmd prints words without spaces
$(ek_ssh_cmd) -N -o ExitOnForwardFailure=yes -o LogLevel=INFO \
	-L "127.0.0.1:2398:127.0.0.1:$EK_SSH_PORT" \
	-L 127.0.0.1:2397:/run/pcscd/pcscd.comm \
	"$EK_SSH_USER@127.0.0.1" </dev/null >"$EK_TMP/fwd-L.out" 2>&1 &
FWD=$!
ek_wait_for "ssh -L to listen on 2398" 15 ek_listening 095E
ek_wait_for "ssh -L to listen on 2397" 15 ek_listening 095D
# forward_refused PORT: a connection to the forward ends without a byte.
forward_refused() {
	local got=
	exec {fd}<>"/dev/tcp/127.0.0.1/$1" || return 0
	read -r -t $((10 * EK_TIME_SCALE)) -u "$fd" got
	exec {fd}<&-
	[ -z "$got" ] || ek_fail "the forward to port $1 answered '$got'"
}
# Whether sshd logged the refusal of a forward of kind $1 to $2 (its log
# lines end in CR LF).
refusal_logged() {
	grep -q "refused $1 port forward: .* target $2.$" "$EK_TMP/sshd.log"
}
forward_refused 2398
forward_refused 2397
ek_wait_for "sshd to log the TCP forward refused" 10 \
	refusal_logged local "127.0.0.1 port $EK_SSH_PORT"
ek_wait_for "sshd to log the socket forward refused" 10 \
	refusal_logged streamlocal /run/pcscd/pcscd.comm
ek_stop_pid "$FWD"
echo "ok: TCP forwarding refused both ways, and no way to this machine's sockets"

# (d) The link cut while the card writes PIN1 (the card takes 8 s): the
# kiosk waits for the card's answer, records it, and ends by itself.
ek_card_init slow --start new --gen 2022 --puk "$PUK"
ek_card_insert slow --fault slow-write:8000
ek_ssh_kiosk_start cut
ek_wait_screen "$INTRO" 30
ek_ssh_wait_kiosk cut
KIOSK2=$EK_SSH_KIOSK_PID
ek_keys Enter
ek_wait_screen "Step 1 of 5"
ek_type "$PUK"; ek_keys Enter
ek_wait_screen "Step 2 of 5"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "Step 3 of 5"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "$WORKING"
# The card has taken PIN1 and holds its answer back: the write is on.
ek_wait_for "the card to be writing PIN1" 10 ek_card_holds slow pin1 "$PIN1"
ek_ssh_cut "$KIOSK2"
ek_wait_for "the terminal's ssh to see the link gone" 10 \
	grep -q 'closed by remote host' "$(ek_pane_file cut err)"
ek_wait_for "the kiosk to end by itself after the card's answer" 20 ek_ssh_gone "$KIOSK2"
ek_expect_eq "the card: PIN1 set, PIN2 not" "pin1=5/yes pin2=5/no puk=5/yes" \
	"$(ek_card_codes slow)"
# What this kiosk recorded: the card's answer to the write (after the link
# was gone), then the journey's end and its own stop, and the trail
# verifies.
ek_ssh_audit_of "$KIOSK2" >"$EK_TMP/audit-cut"
ek_expect_match "audit: this kiosk opened the terminal's trail" \
	"event=audit_open .*terminal=$EK_SSH_USER" "$(cat "$EK_TMP/audit-cut")"
ek_expect_match "audit: the write as the card answered it" \
	'event=card_op op=reset_retry code=puk result=ok .*tries_before=5 tries_after=5' \
	"$(cat "$EK_TMP/audit-cut")"
last=$(grep -E 'event=(card_op|journey_end|audit_stop) ' "$EK_TMP/audit-cut" |
	tail -n 3 | sed 's/.* event=\([a-z_]*\) .*/\1/; s/.* event=\([a-z_]*\)$/\1/' | tr '\n' ' ')
ek_expect_eq "audit: the answer, the journey's end, the kiosk's stop" \
	"card_op journey_end audit_stop " "$last"
ek_expect_match "audit: the activation ended with the link, not done" \
	'event=journey_end journey=activate reason=' \
	"$(grep -v 'reason=done' "$EK_TMP/audit-cut")"
ek_ssh_audit_has "audit: the trail verifies after the cut" 'event=audit_stop'

# The terminal's next login: the card as it is, the activation goes on
# from PIN2 (the card now writes at its usual speed).
ek_card_remove
ek_card_insert slow
ek_ssh_kiosk_start next
ek_wait_screen "$(ek_msg en act_resume_title)" 30
ek_wait_says "$(ek_msg en act_resume_pin2)"
ek_keys Enter
ek_wait_screen "Step 1 of 3"
ek_type "$PUK"; ek_keys Enter
ek_wait_screen "Step 2 of 3"
ek_type "$PIN2"; ek_keys Enter
ek_wait_screen "Step 3 of 3"
ek_type "$PIN2"; ek_keys Enter
ek_wait_screen "Your card is activated" 15
ek_card_holds slow pin1 "$PIN1" || ek_fail "the card lost PIN1"
ek_card_holds slow pin2 "$PIN2" || ek_fail "the card does not hold the new PIN2"
ek_ssh_wait_kiosk next
ek_expect_match "audit: the next visit resumes and ends" \
	'event=journey_end journey=activate reason=done' \
	"$(ek_ssh_audit_of "$EK_SSH_KIOSK_PID")"
ek_ssh_audit_has "audit: the trail verifies after the next visit" 'event=journey_end'
ek_ssh_no_codes cut "$PUK" "$PIN1" "$PIN2"
ek_ssh_no_codes next "$PUK" "$PIN1" "$PIN2"
ek_end
