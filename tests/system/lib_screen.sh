# lib_screen.sh - the kiosk on a real pty (tmux), read as a person would.
# Source after lib.sh (and ek_begin). Everything lives in $EK_TMP.
# shellcheck shell=bash

EK_TMUX_SOCK=""
EK_SCREEN_W=80
EK_SCREEN_H=24

# tmux on this test's private server, one client a call: for starting and
# ending sessions and the server. Reading the screen and typing go through
# the control client below.
ek_tmux() {
	tmux -S "$EK_TMUX_SOCK" "$@"
}

# --- the control client -----------------------------------------------------
# Tests poll the screen thousands of times: the screen and the keys go
# through one tmux control-mode client (tmux -C) on a pipe, and a poll uses
# shell builtins only, so that it costs no process (a tmux client, a date
# and a sleep each time would cost ~30 ms of CPU a poll). The client is
# started on first use and again when it is gone (the server or its
# session ended); ek_end stops it (ek_ctl_stop). Its pipe's ends are copies
# of the coprocess's, which subshells ($(ek_screen), ek_screen | sed) keep
# and programs the test runs do not (close-on-exec). Bash keeps track of
# one coprocess at a time: scripts that source this file start none.
EK_CTL_PID=
EK_CTL_N=0

# Start the control client, attached to a session of the server without
# changing its size and without the panes' output.
ek_ctl_start() {
	ek_ctl_stop
	coproc EK_TMUXC { exec tmux -S "$EK_TMUX_SOCK" -C attach \
		-f no-output,ignore-size 2>&1; }
	EK_CTL_PID=$EK_TMUXC_PID EK_CTL_SHELL=$BASHPID
	exec {EK_CTL_W}>&"${EK_TMUXC[1]}" {EK_CTL_R}<&"${EK_TMUXC[0]}"
	eval "exec ${EK_TMUXC[1]}>&- ${EK_TMUXC[0]}<&-"
}

# Stop the control client (from the shell that started it).
ek_ctl_stop() {
	[ -n "$EK_CTL_PID" ] && [ "$EK_CTL_SHELL" = "$BASHPID" ] || return 0
	exec {EK_CTL_W}>&- {EK_CTL_R}<&-
	ek_stop_pid "$EK_CTL_PID"
	EK_CTL_PID=
}

# ek_ctl COMMAND [ARG...]: run a tmux command through the control client;
# its output lines in EK_CTL_OUT. Status 1 when tmux refused it, and 2
# when the client is gone or silent (started again once when the command
# was not taken); EK_CTL_OUT then says why.
ek_ctl() {
	local line=$1 arg rc q="'"
	for arg in "${@:2}"; do
		line+=" '${arg//$q/$q\\$q$q}'"
	done
	[ -n "$EK_CTL_PID" ] || ek_ctl_start
	ek_ctl_send "$line"
	rc=$?
	if [ "$rc" -eq 3 ]; then
		ek_ctl_start
		ek_ctl_send "$line"
		rc=$?
	fi
	[ "$rc" -ne 3 ] || rc=2
	return "$rc"
}

# ek_ctl_send LINE: one command line through the client, as ek_ctl says;
# status 3: the client was gone before it took the line. A marker printed
# first tells this command's answer from anything before it.
ek_ctl_send() {
	local mark line='' rc
	EK_CTL_N=$((EK_CTL_N + 1))
	mark=ek-ctl-$BASHPID-$EK_CTL_N
	# (a client gone: the write fails instead of ending the test on SIGPIPE)
	trap '' PIPE
	printf 'display-message -p %s ; %s\n' "$mark" "$1" 2>/dev/null 1>&"$EK_CTL_W"
	rc=$?
	trap - PIPE
	EK_CTL_OUT="the tmux control client is gone"
	[ "$rc" -eq 0 ] || return 3
	until [ "$line" = "$mark" ]; do
		ek_ctl_line || return 3
	done
	until [[ $line == %begin* ]]; do
		ek_ctl_line || return 2
	done
	EK_CTL_OUT=
	ek_ctl_line || return 2
	until [[ $line == %end* || $line == %error* ]]; do
		EK_CTL_OUT+=$line$'\n'
		ek_ctl_line || return 2
	done
	[[ $line == %end* ]]
}

# The next line from the control client into ek_ctl_send's $line; fails
# (EK_CTL_OUT says why) when the client leaves or stays silent 10 s.
ek_ctl_line() {
	local t=$((10 * EK_TIME_SCALE)) rc
	IFS= read -r -t "$t" line <&"$EK_CTL_R"
	rc=$?
	if [ "$rc" -gt 128 ]; then
		EK_CTL_OUT="no answer from the tmux control client in $t s"
	elif [ "$rc" -ne 0 ] || [[ $line == %exit* ]]; then
		EK_CTL_OUT="the tmux control client is gone"
	fi
	[ "$rc" -eq 0 ] && [[ $line != %exit* ]]
}

# ek_ctl_or_fail COMMAND [ARG...]: ek_ctl, failing the test unless tmux
# did the command.
ek_ctl_or_fail() {
	ek_ctl "$@" || ek_fail "tmux $1 ${*:2}: $EK_CTL_OUT"
}

# Write a site config for tests: absolute paths into the source tree, plus
# any extra libconfig lines given as arguments.
ek_kiosk_config() {
	local conf=$EK_TMP/eidkiosk.conf
	{
		printf 'files = {\n  cards = "%s";\n  ca = "%s";\n  lang_dir = "%s";\n  theme_dir = "%s";\n};\n' \
			"$top_srcdir/conf/cards.conf" "$EK_TMP/ca/ca.pem" \
			"$top_srcdir/conf/lang" "$top_srcdir/themes"
		printf 'audit = { file = "%s"; key_file = "%s"; };\n' \
			"$EK_TMP/audit.log" "$EK_TMP/audit.key"
		printf '%s\n' "$@"
	} >"$conf"
	echo "$conf"
}

# ek_staff_conf CODE [MORE]: a staff code file as eidkiosk --hash-staff-code
# makes it (with the fewest iterations allowed: the kiosk checks codes
# under valgrind too), mode 640, and the settings line naming it, with
# MORE staff settings.
ek_staff_conf() {
	printf '%s\n' "$1" |
		"$EK_KIOSK" --hash-staff-code --iterations 100000 >"$EK_TMP/staff.code" ||
		ek_fail "eidkiosk --hash-staff-code failed"
	chmod 640 "$EK_TMP/staff.code"
	printf 'staff = { code_file = "%s"; %s };' "$EK_TMP/staff.code" "${2:-}"
}

# Whether the screen's one code field (no label: the staff code) holds
# exactly one digit.
ek_one_digit_typed() {
	ek_snap
	grep -qE '^ +\*( _)* *$' <<<"$EK_SCREEN"
}

# ek_try_digit D: erase what a slow earlier try may have typed, type D, and
# say whether the field took it.
ek_try_digit() {
	ek_keys BSpace "$1"
	ek_one_digit_typed
}

# ek_type_when_open CODE: type CODE into the staff code field once it takes
# digits again (a wrong code's wait is over), then Enter.
ek_type_when_open() {
	ek_wait_for "the staff code field to take digits" 10 ek_try_digit "${1:0:1}"
	ek_type "${1:1}"
	ek_keys Enter
}

# The tmux session the screen functions below read and type into: "k",
# the kiosk of most tests; ek_use switches to another (two kiosks, ssh).
EK_PANE=k

# ek_use NAME: read and type into session NAME from now on.
ek_use() {
	EK_PANE=$1
	ek_ctl_or_fail display-message -p -t "$EK_PANE" '#{pane_pid}'
	EK_KIOSK_PID=${EK_CTL_OUT%$'\n'}
}

# ek_pane_file NAME EXT: where session NAME's terminal output (out) or
# stderr (err) is kept: $EK_TMP/tty.out and kiosk.err for "k", else
# tty-NAME.out and kiosk-NAME.err.
ek_pane_file() {
	if [ "$1" = k ]; then
		[ "$2" = out ] && echo "$EK_TMP/tty.out" || echo "$EK_TMP/kiosk.err"
	else
		[ "$2" = out ] && echo "$EK_TMP/tty-$1.out" || echo "$EK_TMP/kiosk-$1.err"
	fi
}

# ek_pane_start NAME COMMAND: a WxH tmux session NAME (default 80x24) that
# runs the shell command line COMMAND with its stderr in ek_pane_file NAME
# err; the terminal output stream is recorded (ek_pane_file NAME out) so
# tests can search it for codes. The session becomes the one in use.
ek_pane_start() {
	command -v tmux >/dev/null || ek_fail "tmux missing: install the Debian package tmux"
	EK_TMUX_SOCK=$EK_TMP/tmux.sock
	local name=$1 go=$EK_TMP/pane-$1.go out err
	out=$(ek_pane_file "$name" out)
	err=$(ek_pane_file "$name" err)
	: >"$out"
	rm -f "$go"
	mkfifo "$go" || ek_fail "mkfifo $go"
	# The pane waits on a fifo until its output is recorded and kept after
	# exit; exec keeps its pid for the command.
	ek_tmux -f /dev/null new-session -d -s "$name" -x "$EK_SCREEN_W" -y "$EK_SCREEN_H" \
		"read _ <'$go'; exec env TERM=${EK_TERM:-xterm-256color} \
		 LANG=${EK_LANG:-C.UTF-8} $2 2>>'$err'"
	ek_tmux set-option -t "$name" remain-on-exit on >/dev/null
	ek_tmux pipe-pane -t "$name" "cat >> '$out'"
	ek_use "$name"
	echo go >"$go"
}

# Start the kiosk in session EK_PANE (default "k"), with ARGS after the
# test's config.
ek_kiosk_start() {
	local conf=${EK_KIOSK_CONF:-$(ek_kiosk_config)}
	ek_pane_start "$EK_PANE" "EIDKIOSK_TEST=1 '$EK_KIOSK' --config '$conf' $*"
}

# One capture of the screen for several questions (ek_has, ek_says):
# EK_SCREEN as shown, EK_FLAT with its rows joined and runs of spaces
# squeezed, so that text wrapped over several rows reads as it was written.
ek_snap() {
	ek_ctl_or_fail capture-pane -p -t "$EK_PANE"
	EK_SCREEN=$EK_CTL_OUT
	EK_FLAT=${EK_SCREEN//$'\n'/ }
	while [[ $EK_FLAT == *"  "* ]]; do
		EK_FLAT=${EK_FLAT//  / }
	done
}

# Whether the last capture shows the fixed text on a row / says it, even
# wrapped.
ek_has() {
	[[ $EK_SCREEN == *"$1"* ]]
}
ek_says() {
	[[ $EK_FLAT == *"$1"* ]]
}

# The visible screen as text.
ek_screen() {
	ek_snap
	printf '%s' "$EK_SCREEN"
}

# True when the screen shows the fixed text now.
ek_screen_has() {
	ek_snap
	ek_has "$1"
}

# True when the screen says the text now, even wrapped over several rows.
ek_screen_says() {
	ek_snap
	ek_says "$1"
}

# ek_wait_until WHAT SECS CMD...: capture the screen every poll until CMD
# (asking ek_has and ek_says of the capture) is true; fail at the deadline
# (lib.sh: ek_wait_for).
ek_wait_until() {
	ek_wait_for "$1" "$2" ek_snap_then "${@:3}"
}
ek_snap_then() {
	ek_snap
	"$@"
}

# Wait until the screen shows the fixed text (default 10 s) and has
# settled: the same in two polls in a row, so that what the test asks of
# the screen next is not read from a frame the kiosk is still drawing.
ek_wait_screen() {
	EK_LAST_SCREEN=
	ek_wait_for "screen shows '$1'" "${2:-10}" ek_screen_settled ek_has "$1"
}

# Wait until the screen says the text, even wrapped (default 10 s), and
# has settled (as ek_wait_screen).
ek_wait_says() {
	EK_LAST_SCREEN=
	ek_wait_for "screen says '$1'" "${2:-10}" ek_screen_settled ek_says "$1"
}

# ek_screen_settled ek_has|ek_says TEXT: the screen shows (or says) the
# text, and is the same as at the previous call.
ek_screen_settled() {
	ek_snap
	"$1" "$2" && [ "$EK_SCREEN" = "$EK_LAST_SCREEN" ] && return 0
	EK_LAST_SCREEN=$EK_SCREEN
	return 1
}

# Type keys (tmux key names: Enter, BSpace, Escape, F5 ...; plain digits).
ek_keys() {
	ek_ctl_or_fail send-keys -t "$EK_PANE" "$@"
}

# Type a string of digits one key at a time.
ek_type() {
	ek_ctl_or_fail send-keys -t "$EK_PANE" -l "$1"
}

# The first three steps of an activation, up to PIN1 sent to the card:
# ek_activate_pin1 PUK PIN1.
ek_activate_pin1() {
	ek_wait_screen "Step 1 of 5"
	ek_type "$1"; ek_keys Enter
	ek_wait_screen "Step 2 of 5"
	ek_type "$2"; ek_keys Enter
	ek_wait_screen "Step 3 of 5"
	ek_type "$2"; ek_keys Enter
}

# The five steps of an activation, from the activation code's entry to the
# end screen: ek_activate PUK PIN1 PIN2.
ek_activate() {
	ek_activate_pin1 "$1" "$2"
	ek_wait_screen "Step 4 of 5" 15
	ek_type "$3"; ek_keys Enter
	ek_wait_screen "Step 5 of 5"
	ek_type "$3"; ek_keys Enter
	ek_wait_screen "Your card is activated" 15
}

# Resize the terminal the kiosk runs in.
ek_resize() {
	ek_ctl_or_fail resize-window -t "$EK_PANE" -x "$1" -y "$2"
}

# ek_pane_format FORMAT [NAME]: a tmux format (#{pane_pid}, #{pane_tty} ...)
# for session NAME (default: the one in use); status 1 when tmux refused.
ek_pane_format() {
	ek_ctl display-message -p -t "${2:-$EK_PANE}" "$1" || return 1
	printf '%s\n' "${EK_CTL_OUT%$'\n'}"
}

# The kiosk's pid (the pane's process).
ek_kiosk_pid() {
	[ -n "${EK_KIOSK_PID:-}" ] || ek_use "$EK_PANE"
	echo "$EK_KIOSK_PID"
}

# Whether the kiosk has exited (gone, or a zombie) and its status is known.
# Asked of the kernel, not tmux: tmux reaps its pane late when it is busy
# answering the test's own capture-pane calls.
ek_kiosk_exited() {
	local st
	st=$(awk '{ print $3 }' "/proc/$(ek_kiosk_pid)/stat" 2>/dev/null)
	{ [ -z "$st" ] || [ "$st" = Z ]; } && [ -n "$(ek_kiosk_status)" ]
}

# The kiosk's exit status ("" while it runs). tmux 3.3a now and then
# leaves its pane's process a zombie with no status: then the kernel's
# record of it (/proc/PID/stat, field 52: the wait status) tells.
ek_kiosk_status() {
	local s='' pid code
	s=$(ek_pane_format '#{pane_dead_status}')
	pid=$(ek_kiosk_pid)
	if [ -z "$s" ] && [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" = Z ]; then
		code=$(awk '{ print $52 }' "/proc/$pid/stat")
		if [ $((code & 127)) -eq 0 ]; then
			s=$((code >> 8))
		else
			s="signal $((code & 127))"
		fi
	fi
	echo "$s"
}

# The slots of the masked code field labelled $1, spaces dropped: "**______"
# is two digits typed of eight places. Prints nothing without such a field.
ek_field() {
	ek_snap
	awk -v l="$1" '{
		i = index($0, l)
		if (!i) next
		r = substr($0, i + length(l))
		if (r !~ /^  *[*_][*_ ]*$/) next
		gsub(/ /, "", r)
		print r
	}' <<<"$EK_SCREEN"
}

# True when the field labelled $1 shows exactly the slots $2.
ek_field_is() {
	[ "$(ek_field "$1")" = "$2" ]
}

# Wait until the field labelled $1 shows the slots $2 (default 10 s).
ek_wait_field() {
	ek_wait_for "field '$1' to show '$2'" "${3:-10}" ek_field_is "$1" "$2"
}

# ek_msg LANG KEY [name=value ...]: the message KEY of conf/lang/LANG.conf as
# the screen shows it (its "..." pieces joined, placeholders filled), so
# tests follow the language files instead of copying their texts.
ek_msg() {
	local file=$top_srcdir/conf/lang/$1.conf key=$2 text kv
	shift 2
	text=$(awk -v k="$key" '
		!on && $0 ~ "^[ \t]*" k "[ \t]*=" { on = 1; sub(/^[^=]*=/, "") }
		on {
			s = $0
			while (match(s, /"([^"\\]|\\.)*"/)) {
				out = out substr(s, RSTART + 1, RLENGTH - 2)
				s = substr(s, RSTART + RLENGTH)
			}
			if (s ~ /;/) { print out; exit }
		}' "$file")
	[ -n "$text" ] || ek_fail "no message $key in $file"
	for kv in "$@"; do
		text=${text//\{${kv%%=*}\}/${kv#*=}}
	done
	printf '%s\n' "$text"
}

# ek_audit_has "what" REGEX: the kiosk's audit trail has a record matching
# the extended regex, and the whole trail verifies with its key.
ek_audit_has() {
	grep -Eq -- "$2" "$EK_TMP/audit.log" ||
		ek_fail "$1: no audit record matching '$2' in:
$(cat "$EK_TMP/audit.log" 2>&1)"
	"$EK_KIOSK" --config "${EK_KIOSK_CONF:-$EK_TMP/eidkiosk.conf}" \
		--verify-audit "$EK_TMP/audit.log" >/dev/null ||
		ek_fail "$1: the audit trail does not verify"
	echo "ok: $1"
}

# ek_no_codes CODE...: none of the codes is in the terminal output stream,
# the kiosk's stderr or its audit trail (whose hex chain fields are left
# out: a MAC may hold any digits).
ek_no_codes() {
	local code
	for code in "$@"; do
		if grep -qaF -- "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err" ||
			sed 's/\(prev\|mac\)=[0-9a-f]*//g' "$EK_TMP/audit.log" 2>/dev/null |
			grep -qaF -- "$code"; then
			ek_fail "code $code appeared in the terminal output, stderr or the audit trail"
		fi
	done
	echo "ok: no code in the terminal output, stderr or the audit trail"
}

# At the end of a test (ek_end): SIGTERM to a kiosk still running, and wait
# for it, so that valgrind (EK_VALGRIND, lib.sh) can write its report.
ek_kiosk_end() {
	local pid st
	[ -n "${EK_KIOSK_PID:-}" ] || return 0
	pid=$EK_KIOSK_PID
	st=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)
	if [ -n "$st" ] && [ "$st" != Z ]; then
		kill -TERM "$pid" 2>/dev/null
		ek_wait_for "the kiosk to end on SIGTERM" 60 ek_kiosk_exited || return 1
	fi
}
