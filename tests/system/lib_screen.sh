# lib_screen.sh - the kiosk on a real pty (tmux), read as a person would.
# Source after lib.sh (and ek_begin). Everything lives in $EK_TMP.
# shellcheck shell=bash

EK_TMUX_SOCK=""
EK_SCREEN_W=80
EK_SCREEN_H=24

# tmux on this test's private server.
ek_tmux() {
	tmux -S "$EK_TMUX_SOCK" "$@"
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
	ek_screen | grep -qE '^ +\*( _)* *$'
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
	EK_KIOSK_PID=$(ek_tmux display-message -p -t "$EK_PANE" '#{pane_pid}')
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

# The visible screen as text.
ek_screen() {
	ek_tmux capture-pane -p -t "$EK_PANE"
}

# Wait until the screen shows the fixed text (default 10 s) and has
# settled: the same in two polls in a row, so that what the test asks of
# the screen next is not read from a frame the kiosk is still drawing.
ek_wait_screen() {
	local text=$1 t=${2:-10}
	EK_LAST_SCREEN=
	ek_wait_for "screen shows '$text'" "$t" ek_screen_settled has "$text"
}

# ek_screen_settled has|says TEXT: the screen shows (has) or says, even
# wrapped, the text, and is the same as at the previous call.
ek_screen_settled() {
	local now flat
	now=$(ek_screen)
	if [ "$1" = has ]; then
		flat=$now
	else
		flat=$(ek_flat <<<"$now")
	fi
	[[ $flat == *"$2"* && $now == "$EK_LAST_SCREEN" ]] && return 0
	EK_LAST_SCREEN=$now
	return 1
}

# True when the screen shows the fixed text now.
ek_screen_has() {
	[[ $(ek_screen) == *"$1"* ]]
}

# Type keys (tmux key names: Enter, BSpace, Escape, F5 ...).
ek_keys() {
	ek_tmux send-keys -t "$EK_PANE" "$@"
}

# Type a string of digits one key at a time.
ek_type() {
	ek_tmux send-keys -t "$EK_PANE" -l "$1"
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
	ek_tmux resize-window -t "$EK_PANE" -x "$1" -y "$2"
}

# The kiosk's pid (the pane's process).
ek_kiosk_pid() {
	[ -n "${EK_KIOSK_PID:-}" ] ||
		EK_KIOSK_PID=$(ek_tmux display-message -p -t "$EK_PANE" '#{pane_pid}')
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
	local s pid code
	s=$(ek_tmux display-message -p -t "$EK_PANE" '#{pane_dead_status}')
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

# The screen on stdin as one line: rows joined, runs of spaces squeezed, so
# that text wrapped over several rows reads as it was written.
ek_flat() {
	tr '\n' ' ' | tr -s ' '
}

# True when the screen says the text, even wrapped over several rows.
ek_screen_says() {
	ek_screen | ek_flat | grep -qF -- "$1"
}

# Wait until the screen says the text, even wrapped (default 10 s), and
# has settled (as ek_wait_screen).
ek_wait_says() {
	EK_LAST_SCREEN=
	ek_wait_for "screen says '$1'" "${2:-10}" ek_screen_settled says "$1"
}

# The slots of the masked code field labelled $1, spaces dropped: "**______"
# is two digits typed of eight places. Prints nothing without such a field.
ek_field() {
	ek_screen | awk -v l="$1" '{
		i = index($0, l)
		if (!i) next
		r = substr($0, i + length(l))
		if (r !~ /^  *[*_][*_ ]*$/) next
		gsub(/ /, "", r)
		print r
	}'
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
# tests follow the language files instead of copying their texts. (Added
# for the part B screen tests.)
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
