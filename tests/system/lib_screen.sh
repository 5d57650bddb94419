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
		printf '%s\n' "$@"
	} >"$conf"
	echo "$conf"
}

# Start the kiosk in a WxH tmux window (default 80x24); the terminal output
# stream is recorded to $EK_TMP/tty.out so tests can search it for codes.
ek_kiosk_start() {
	command -v tmux >/dev/null || ek_fail "tmux missing: install the Debian package tmux"
	EK_TMUX_SOCK=$EK_TMP/tmux.sock
	local conf=${EK_KIOSK_CONF:-$(ek_kiosk_config)}
	: >"$EK_TMP/tty.out"
	ek_tmux -f /dev/null new-session -d -s k -x "$EK_SCREEN_W" -y "$EK_SCREEN_H" \
		"exec env TERM=${EK_TERM:-xterm-256color} LANG=${EK_LANG:-C.UTF-8} \
		 EIDKIOSK_TEST=1 '$top_builddir/eidkiosk' --config '$conf' $* \
		 2>>'$EK_TMP/kiosk.err'"
	ek_tmux set-option -t k remain-on-exit on >/dev/null
	ek_tmux pipe-pane -t k "cat >> '$EK_TMP/tty.out'"
}

# The visible screen as text.
ek_screen() {
	ek_tmux capture-pane -p -t k
}

# Wait until the screen shows the fixed text (default 10 s).
ek_wait_screen() {
	local text=$1 t=${2:-10}
	ek_wait_for "screen shows '$text'" "$t" ek_screen_has "$text"
}

# True when the screen shows the fixed text now.
ek_screen_has() {
	ek_screen | grep -qF -- "$1"
}

# Type keys (tmux key names: Enter, BSpace, Escape, F5 ...).
ek_keys() {
	ek_tmux send-keys -t k "$@"
}

# Type a string of digits one key at a time.
ek_type() {
	ek_tmux send-keys -t k -l "$1"
}

# Resize the terminal the kiosk runs in.
ek_resize() {
	ek_tmux resize-window -t k -x "$1" -y "$2"
}

# The kiosk's pid (the pane's process).
ek_kiosk_pid() {
	ek_tmux display-message -p -t k '#{pane_pid}'
}

# Whether the kiosk has exited; prints its status.
ek_kiosk_exited() {
	[ "$(ek_tmux display-message -p -t k '#{pane_dead}')" = 1 ]
}

# True when the screen says the text, even wrapped over several rows (rows
# joined, runs of spaces squeezed).
ek_screen_says() {
	ek_screen | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$1"
}

# Wait until the screen says the text, even wrapped (default 10 s).
ek_wait_says() {
	ek_wait_for "screen says '$1'" "${2:-10}" ek_screen_says "$1"
}
