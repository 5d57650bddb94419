# lib_ssh.sh - the citizen's kiosk served over SSH, as a terminal reaches it:
# a real sshd on loopback inside the test's namespaces, a terminal account
# that exists only there, and the real ssh client in a tmux pane, so that
# the screen functions of lib_screen.sh read and type through ssh.
# Source after lib.sh, lib_screen.sh and ek_begin:
#
#   ek_ssh_kiosk_config [libconfig lines...]   # the terminal's site config
#   ek_sshd_start [sshd_config lines...]       # account, keys, sshd
#   ek_ssh_kiosk_start t1                      # ssh -tt in tmux session t1
#   ek_activate 12345678 2580 258046           # through ssh
#   ek_ssh_audit_has "what" 'event=journey_end'
#   ek_ssh_wait_kiosk t1; ek_ssh_cut "$EK_SSH_KIOSK_PID"   # the link cut
#   ek_ssh_logout t1                           # the terminal goes away
#
# sshd runs the kiosk through the shipped example
# conf/sshd_config.d/eidkiosk-terminal.conf.in, with @bindir@/eidkiosk
# replaced by $EK_KIOSK (valgrind's wrapper under EK_VALGRIND) and the
# test's config. The account reads the source tree, $EK_TMP (opened to
# 0711) and writes only in its own EK_SSH_TERM_DIR: audit trail, monitor
# socket, forwarded pcscd socket.
# shellcheck shell=bash

EK_SSHD=/usr/sbin/sshd
EK_SSH_PORT=2222                 # sshd, on 127.0.0.1 in the test's net ns
EK_SSH_CONNECT_PORT=$EK_SSH_PORT # where ssh connects (a relay's port)
EK_SSH_USER=eidterm1
EK_SSH_UID=4311
EK_SSH_GROUP=eidkiosk-terminals
EK_SSH_GID=4310
EK_SSH_DIR=$EK_TMP/ssh           # sshd's config, keys, the client's key
EK_SSH_HOME=$EK_TMP/home/$EK_SSH_USER
EK_SSH_TERM_DIR=$EK_TMP/term     # the account's own files
EK_SSH_CONF=$EK_SSH_DIR/sshd_config
EK_SSH_EXAMPLE=$top_srcdir/conf/sshd_config.d/eidkiosk-terminal.conf.in
EK_SSHD_PID=
EK_SSH_ACCOUNT=

# ek_ssh_term_file BASE.EXT: a file the kiosk of the account names with
# --terminal: "-NAME" before the extension (audit.log: audit-eidterm1.log).
ek_ssh_term_file() {
	local base=${1%.*} ext=${1##*.}
	echo "$EK_SSH_TERM_DIR/$base-$EK_SSH_USER.$ext"
}

# ek_ssh_account: the terminal account, in private copies of /etc/passwd,
# /etc/group and /etc/shadow (bind mounts in the test's mount namespace):
# a system user with /bin/sh (sshd runs ForceCommand through the login
# shell), a password of "*" (no password, and not "!": with UsePAM no sshd
# refuses a locked account even for a key), its home and key.
ek_ssh_account() {
	local f
	[ -z "$EK_SSH_ACCOUNT" ] || return 0
	ek_need "$EK_SSHD" openssh-server
	ek_need ssh openssh-client
	ek_need ssh-keygen openssh-client
	[ "$(id -u)" -eq 0 ] && [ -w /etc ] ||
		ek_fail "sshd and a terminal account need root (scripts/setup.sh test runs as root)"
	for f in passwd group shadow; do
		cp "/etc/$f" "$EK_TMP/etc-$f" || ek_fail "cannot copy /etc/$f"
	done
	printf '%s:x:%s:%s::%s:/bin/sh\n' "$EK_SSH_USER" "$EK_SSH_UID" \
		"$EK_SSH_UID" "$EK_SSH_HOME" >>"$EK_TMP/etc-passwd"
	printf '%s:x:%s:\n%s:x:%s:%s\n' "$EK_SSH_USER" "$EK_SSH_UID" \
		"$EK_SSH_GROUP" "$EK_SSH_GID" "$EK_SSH_USER" >>"$EK_TMP/etc-group"
	printf '%s:*:19000:0:99999:7:::\n' "$EK_SSH_USER" >>"$EK_TMP/etc-shadow"
	for f in passwd group shadow; do
		mount --bind "$EK_TMP/etc-$f" "/etc/$f" ||
			ek_fail "cannot bind a private /etc/$f"
	done
	# sshd reads authorized_keys as the user, and the kiosk reads its
	# config and CA in $EK_TMP: traversable, not listable. StrictModes:
	# the home and .ssh belong to the user, nothing on the way is
	# writable by others.
	chmod 711 "$EK_TMP"
	mkdir -m 755 "$EK_TMP/home" "$EK_SSH_HOME" || ek_fail "cannot make $EK_SSH_HOME"
	mkdir -m 700 "$EK_SSH_HOME/.ssh" "$EK_SSH_DIR" "$EK_SSH_TERM_DIR" ||
		ek_fail "cannot make the account's directories"
	ssh-keygen -q -t ed25519 -N '' -C "$EK_SSH_USER@test" \
		-f "$EK_SSH_DIR/client_ed25519" || ek_fail "ssh-keygen (client key)"
	cp "$EK_SSH_DIR/client_ed25519.pub" "$EK_SSH_HOME/.ssh/authorized_keys"
	chmod 600 "$EK_SSH_HOME/.ssh/authorized_keys"
	chown -R "$EK_SSH_UID:$EK_SSH_UID" "$EK_SSH_HOME" "$EK_SSH_TERM_DIR"
	EK_SSH_ACCOUNT=1
}

# ek_ssh_kiosk_config [LINES...]: the site config of the terminal's kiosk
# (as ek_kiosk_config, which it cannot extend: the audit trail and the
# monitor socket go where the account may write), readable by it; the
# screens in English. Sets EK_SSH_KIOSK_CONF.
ek_ssh_kiosk_config() {
	EK_SSH_KIOSK_CONF=$EK_TMP/eidkiosk-ssh.conf
	ek_ssh_account
	{
		printf 'files = {\n  cards = "%s";\n  ca = "%s";\n  lang_dir = "%s";\n  theme_dir = "%s";\n};\n' \
			"$top_srcdir/conf/cards.conf" "$EK_TMP/ca/ca.pem" \
			"$top_srcdir/conf/lang" "$top_srcdir/themes"
		printf 'audit = { file = "%s"; key_file = "%s"; };\n' \
			"$EK_SSH_TERM_DIR/audit.log" "$EK_SSH_TERM_DIR/audit.key"
		printf 'language = { default = "en"; };\n'
		printf '%s\n' "$@"
	} >"$EK_SSH_KIOSK_CONF"
	chmod 644 "$EK_SSH_KIOSK_CONF"
}

# The terminal block of the shipped example, for this test: the kiosk is
# $EK_KIOSK with the test's config (given as $1).
ek_ssh_terminal_block() {
	sed "s|@bindir@/eidkiosk|$EK_KIOSK --config $1|" "$EK_SSH_EXAMPLE"
}

# Whether sshd listens on EK_SSH_PORT (127.0.0.1, in this namespace).
ek_sshd_listening() {
	ek_listening "$(printf '%04X' "$EK_SSH_PORT")"
}

# ek_sshd_start [LINES...]: a private sshd on 127.0.0.1:EK_SSH_PORT with
# its own host key and config, Debian's layout: sshd_config.d/*.conf (the
# terminal block) included first, then keys only, no PAM, the client's
# LANG accepted, an sftp subsystem, and LINES. Checked with sshd -t, then started in the
# foreground (-D) in the background with its log in $EK_TMP/sshd.log,
# and waited for until it listens.
ek_sshd_start() {
	[ -n "${EK_SSH_KIOSK_CONF:-}" ] || ek_ssh_kiosk_config
	ek_ssh_account
	mkdir -p /run/sshd "$EK_SSH_DIR/sshd_config.d"
	chmod 755 /run/sshd
	[ -f "$EK_SSH_DIR/host_ed25519" ] ||
		ssh-keygen -q -t ed25519 -N '' -f "$EK_SSH_DIR/host_ed25519" ||
		ek_fail "ssh-keygen (host key)"
	ek_ssh_terminal_block "$EK_SSH_KIOSK_CONF" >"$EK_SSH_DIR/sshd_config.d/eidkiosk-terminal.conf"
	{
		echo "Include $EK_SSH_DIR/sshd_config.d/*.conf"
		echo "ListenAddress 127.0.0.1:$EK_SSH_PORT"
		echo "HostKey $EK_SSH_DIR/host_ed25519"
		echo "PidFile none"
		echo "UsePAM no"
		echo "PubkeyAuthentication yes"
		echo "PasswordAuthentication no"
		echo "KbdInteractiveAuthentication no"
		echo "PermitRootLogin no"
		echo "StrictModes yes"
		echo "UseDNS no"
		echo "AcceptEnv LANG LC_*"
		echo "PrintMotd no"
		echo "Subsystem sftp internal-sftp"
		echo "LogLevel VERBOSE"
		printf '%s\n' "$@"
	} >"$EK_SSH_CONF"
	"$EK_SSHD" -t -f "$EK_SSH_CONF" >"$EK_TMP/sshd-t.out" 2>&1 ||
		ek_fail "sshd -t refused the configuration: $(cat "$EK_TMP/sshd-t.out")"
	"$EK_SSHD" -D -f "$EK_SSH_CONF" -E "$EK_TMP/sshd.log" &
	EK_SSHD_PID=$!
	ek_wait_for "sshd to listen on 127.0.0.1:$EK_SSH_PORT" 10 ek_sshd_listening
}

# The ssh client's command line to the terminal account: key only, the
# host key of this test's sshd taken as it comes, no ~/.ssh/config,
# LANG sent as Debian's ssh_config does, then any options given.
ek_ssh_cmd() {
	printf '%s ' ssh -F /dev/null -i "$EK_SSH_DIR/client_ed25519" \
		-p "$EK_SSH_CONNECT_PORT" -o BatchMode=yes -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o LogLevel=ERROR -o SendEnv=LANG "$@"
}

# ek_ssh_kiosk_start NAME [SSH OPTIONS...] [-- REMOTE COMMAND]: the terminal
# logs in with ssh -tt (a pty) in tmux session NAME (ek_pane_start), which
# becomes the one lib_screen.sh's functions read and type into. Options go
# to ssh as they are (one shell word each).
ek_ssh_kiosk_start() {
	local name=$1 opts=() cmd=() w
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$(printf '%q' "$1")")
		shift
	done
	[ "${1:-}" != -- ] || { shift; for w in "$@"; do cmd+=("$(printf '%q' "$w")"); done; }
	ek_pane_start "$name" "$(ek_ssh_cmd -tt "${opts[@]}") $EK_SSH_USER@127.0.0.1 ${cmd[*]}"
}

# ek_ssh_run [SSH OPTIONS...] [-- REMOTE COMMAND]: ssh to the terminal
# account without a pty, stdin from /dev/null; stdout and stderr together.
ek_ssh_run() {
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ "${1:-}" != -- ] || shift
	# shellcheck disable=SC2046 # ek_ssh_cmd prints words without spaces
	$(ek_ssh_cmd) "${opts[@]}" "$EK_SSH_USER@127.0.0.1" "$@" </dev/null 2>&1
}

# ek_ssh_ppid PID: the parent of process PID.
ek_ssh_ppid() {
	local stat f
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	read -r -a f <<<"${stat##*) }"
	echo "${f[1]}"
}

# ek_ssh_kiosks: the pids of every kiosk sshd runs for the account: its
# processes (by uid) whose parent is an sshd, one a line. Shell builtins
# only: waits poll this.
ek_ssh_kiosks() {
	local d k v comm parent
	for d in /proc/[0-9]*; do
		k=
		while read -r k v _; do
			[ "$k" = Uid: ] && break
		done 2>/dev/null <"$d/status"
		[ "$k" = Uid: ] && [ "$v" = "$EK_SSH_UID" ] || continue
		read -r comm 2>/dev/null <"$d/comm" && [ "$comm" != sshd ] || continue
		parent=$(ek_ssh_ppid "${d#/proc/}") || continue
		read -r comm 2>/dev/null <"/proc/$parent/comm" && [ "$comm" = sshd ] &&
			echo "${d#/proc/}"
	done
}

# ek_ssh_client_port PID: the local TCP port (decimal) of the connection of
# the ssh client PID.
ek_ssh_client_port() {
	local fd ino port
	for fd in /proc/"$1"/fd/*; do
		ino=$(readlink "$fd" 2>/dev/null) || continue
		[[ $ino == socket:* ]] || continue
		ino=${ino#socket:[}
		ino=${ino%]}
		port=$(awk -v i="$ino" '$10 == i { split($2, a, ":"); print a[2] }' /proc/net/tcp)
		[ -n "$port" ] && { echo $((16#$port)); return 0; }
	done
	return 1
}

# ek_ssh_kiosk_pid [NAME]: the kiosk that serves tmux session NAME
# (default: the one in use): the kiosk whose SSH_CONNECTION names the ssh
# client's port; through a relay (that port is the relay's), the only
# kiosk there is. Prints nothing when there is none.
ek_ssh_kiosk_pid() {
	local name=${1:-$EK_PANE} client port pid all n
	all=$(ek_ssh_kiosks)
	n=$(printf '%s' "$all" | grep -c .)
	client=$(ek_pane_format '#{pane_pid}' "$name")
	if [ -n "$client" ] && port=$(ek_ssh_client_port "$client"); then
		for pid in $all; do
			tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null |
				grep -q "^SSH_CONNECTION=127.0.0.1 $port " &&
				{ echo "$pid"; return 0; }
		done
	fi
	[ "$n" -eq 1 ] && echo "$all"
	return 0
}

# Whether the kiosk of session $1 runs (and, when $2 is given, is not
# the kiosk $2: a new login's).
ek_ssh_kiosk_up() {
	local pid
	pid=$(ek_ssh_kiosk_pid "$1")
	[ -n "$pid" ] && [ "$pid" != "${2:-}" ]
}

# ek_ssh_wait_kiosk [NAME]: wait until sshd has started the kiosk of
# session NAME; its pid in EK_SSH_KIOSK_PID.
ek_ssh_wait_kiosk() {
	ek_wait_for "sshd to start the kiosk" 15 ek_ssh_kiosk_up "${1:-$EK_PANE}"
	# shellcheck disable=SC2034 # for the tests
	EK_SSH_KIOSK_PID=$(ek_ssh_kiosk_pid "${1:-$EK_PANE}")
}

# ek_ssh_conn_pid KIOSK_PID: sshd's per-connection child for that kiosk:
# the session's process (the account's) that holds the network socket
# and the pty, below the privileged monitor (root) that cleans up after it.
ek_ssh_conn_pid() {
	local child
	child=$(ek_ssh_ppid "$1") || return 1
	[ "$(cat "/proc/$child/comm" 2>/dev/null)" = sshd ] || return 1
	echo "$child"
}

# ek_ssh_cut KIOSK_PID: the link is cut: sshd's child for that connection
# is killed (SIGKILL: nothing is said to either side), as sshd ends it
# when the client stops answering (ClientAlive): the client's connection
# ends, and the monitor closes the pty, so the kiosk's terminal hangs up.
ek_ssh_cut() {
	local pid
	pid=$(ek_ssh_conn_pid "$1") || ek_fail "no sshd process for kiosk $1"
	kill -KILL "$pid" 2>/dev/null
	echo "note: cut the link of kiosk $1 (sshd's child $pid killed)"
}

# ek_ssh_logout NAME: the terminal's ssh client in session NAME ends (as
# when the terminal is switched off), and the kiosk sshd ran for it ends
# with it (its terminal hangs up).
ek_ssh_logout() {
	local kiosk client
	kiosk=$(ek_ssh_kiosk_pid "$1")
	client=$(ek_pane_format '#{pane_pid}' "$1")
	kill -TERM "$client" 2>/dev/null
	[ -z "$kiosk" ] ||
		ek_wait_for "the kiosk of $1 to end with its connection" 60 ek_ssh_gone "$kiosk"
}

# ek_ssh_audit_has "what" REGEX: the terminal's audit trail (audit file with
# -NAME) has a record matching REGEX, and the trail verifies, checked as
# an operator would: eidkiosk --terminal NAME --verify-audit FILE.
ek_ssh_audit_has() {
	local log
	log=$(ek_ssh_term_file audit.log)
	grep -Eq -- "$2" "$log" ||
		ek_fail "$1: no audit record matching '$2' in:
$(cat "$log" 2>&1)"
	"$EK_KIOSK" --config "$EK_SSH_KIOSK_CONF" --terminal "$EK_SSH_USER" \
		--verify-audit "$log" >"$EK_TMP/verify.out" 2>&1 ||
		ek_fail "$1: the audit trail does not verify: $(cat "$EK_TMP/verify.out")"
	echo "ok: $1"
}

# ek_ssh_audit_of PID: the records of the terminal's audit trail that the
# kiosk with that pid wrote: from its audit_start (the trail's first) or
# audit_open to the next kiosk's.
ek_ssh_audit_of() {
	awk -v p="$1" '/ event=audit_(start|open) / { on = ($0 ~ " pid=" p "( |$)") } on' \
		"$(ek_ssh_term_file audit.log)"
}

# ek_ssh_activated PANE CARD PUK PIN1 PIN2 WHAT: after an activation
# through ssh in session PANE, the card holds both PINs and the terminal's
# audit trail has the journey done; then the terminal logs out and no code
# is anywhere (ek_ssh_no_codes).
ek_ssh_activated() {
	ek_card_holds "$2" pin1 "$4" || ek_fail "the card does not hold the new PIN1"
	ek_card_holds "$2" pin2 "$5" || ek_fail "the card does not hold the new PIN2"
	ek_ssh_audit_has "audit: $6" 'event=journey_end journey=activate reason=done'
	ek_ssh_logout "$1"
	ek_ssh_no_codes "$1" "$3" "$4" "$5"
}

# ek_ssh_no_codes PANE CODE...: none of the codes is in what the terminal
# of session PANE received (the recorded pty output of the ssh client),
# ssh's stderr, the terminal's audit trail (chain fields left out) or
# sshd's log.
ek_ssh_no_codes() {
	local pane=$1 code files
	shift
	files="$(ek_pane_file "$pane" out) $(ek_pane_file "$pane" err) $EK_TMP/sshd.log"
	for code in "$@"; do
		# shellcheck disable=SC2086 # file names without spaces
		if grep -qaF -- "$code" $files ||
			sed 's/\(prev\|mac\)=[0-9a-f]*//g' "$(ek_ssh_term_file audit.log)" \
				2>/dev/null | grep -qaF -- "$code"; then
			ek_fail "code $code appeared in the terminal output, ssh's stderr, sshd's log or the audit trail"
		fi
	done
	echo "ok: no code in the terminal output, ssh's stderr, sshd's log or the audit trail"
}

# Whether process $1 is gone (it is no child of ours: no zombie to see).
ek_ssh_gone() {
	[ ! -d "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# ek_ssh_end: the end of a test: every kiosk sshd still runs is ended the
# way systemd ends a kiosk (SIGTERM), and waited for, so that valgrind
# writes its report; then sshd. Called by ek_kiosk_end below.
ek_ssh_end() {
	local pid rc=0
	for pid in $(ek_ssh_kiosks); do
		kill -TERM "$pid" 2>/dev/null
		( ek_wait_for "the kiosk $pid to end on SIGTERM" 60 ek_ssh_gone "$pid" ) || rc=1
	done
	if [ -n "$EK_SSHD_PID" ]; then
		ek_stop_pid "$EK_SSHD_PID"
		EK_SSHD_PID=
	fi
	return "$rc"
}

# ek_kiosk_end of lib_screen.sh, which ek_end calls, ends the kiosks of
# sshd first: ending the tmux pane's ssh client would hang up a kiosk
# that valgrind may still be writing its report for.
eval "$(declare -f ek_kiosk_end | sed '1s/^ek_kiosk_end/ek_screen_kiosk_end/')"
ek_kiosk_end() {
	local rc=0
	ek_ssh_end || rc=1
	ek_screen_kiosk_end || rc=1
	return "$rc"
}
