# kiosk_ssh_reader.sh - the card reader on the terminal's side of an SSH
# connection (tests/system/lib_ssh.sh): the terminal's pcscd (here the
# test's own, with vpcd and eidkiosk-vcard) is forwarded to the kiosk's
# machine as a UNIX socket (ssh -R), the kiosk's site setting
# pcscd_socket = ".../pcscd.comm" becomes .../pcscd-eidterm1.comm with
# --terminal eidterm1, and a whole activation goes through the forward.
# The kiosk's account cannot reach this machine's pcscd (its directory
# closed to it), so nothing but the forward serves it: without the forward
# the kiosk says the service is down. The socket sshd makes is the
# account's alone (mode 0600); it stays behind when the connection ends,
# and the next login replaces it (StreamLocalBindUnlink).
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
. "$top_srcdir/tests/system/lib_ssh.sh"
ek_need setpriv util-linux

PUK=39502716 PIN1=6174 PIN2=481960
SERVICE=$(ek_msg en service_down_title)
INTRO=$(ek_msg en act_intro_start)
FWD=$(ek_ssh_term_file pcscd.comm)
LOCAL=/run/pcscd/pcscd.comm

ek_ssh_kiosk_config "pcscd_socket = \"$EK_SSH_TERM_DIR/pcscd.comm\";"
ek_sshd_start

# This machine's pcscd is the terminal's, not the kiosk's: closed to the
# account (the ssh client, root here, still reaches it).
chmod 700 /run/pcscd
out=$(setpriv --reuid "$EK_SSH_USER" --regid "$EK_SSH_USER" --init-groups \
	"$EK_CARDOP" --cards "$EK_CARDS" --ca "$EK_CA" --timeout 2 wait present 2>&1) &&
	ek_fail "the terminal account reaches this machine's pcscd: $out"
echo "ok: the terminal account cannot reach $LOCAL"

# No forward: nothing serves the kiosk.
ek_ssh_kiosk_start nofwd
ek_wait_screen "$SERVICE" 30
ek_ssh_logout nofwd
echo "ok: without the forward the kiosk has no card service"

# The forward: the kiosk serves the card in the terminal's reader.
ek_card_init new --start new --gen 2022 --puk "$PUK"
ek_card_insert new
ek_ssh_kiosk_start t1 -R "$FWD:$LOCAL"
ek_wait_screen "$INTRO" 30
ek_expect_eq "the forwarded socket: the account's, mode 600" "600 $EK_SSH_USER" \
	"$(stat -c '%a %U' "$FWD")"
ek_keys Enter
ek_activate "$PUK" "$PIN1" "$PIN2"
ek_ssh_activated t1 new "$PUK" "$PIN1" "$PIN2" "the activation through the forward"

# The socket outlives the connection (sshd does not remove it) and answers
# nobody; the next login replaces it (or ExitOnForwardFailure would end
# ssh: the address is taken), and the card is reached through it again.
[ -S "$FWD" ] || ek_fail "expected the old socket left behind at $FWD"
PCSCLITE_CSOCK_NAME=$FWD ek_cardop --timeout 2 wait present >/dev/null 2>&1 &&
	ek_fail "the socket left behind still reaches a pcscd"
ek_ssh_kiosk_start t2 -o ExitOnForwardFailure=yes -R "$FWD:$LOCAL"
ek_wait_screen "$(ek_msg en menu_title)" 30
PCSCLITE_CSOCK_NAME=$FWD ek_cardop --timeout $((5 * EK_TIME_SCALE)) wait present >/dev/null ||
	ek_fail "the next login's forward does not reach the reader"
ek_ssh_logout t2
echo "ok: a socket left behind is replaced at the next login"
ek_end
