# kiosk_exit.sh - the ways out of the kiosk on a real pty (tmux, private
# pcscd + vpcd, eidkiosk-vcard). In kiosk mode Ctrl-C, Ctrl-Z and Ctrl-\ (as
# keys and as signals) do nothing; SIGTERM and SIGHUP end it with status 0
# (main.c: 0 ok) and give the terminal back as it was: the same `stty -a`
# before and after, and the output stream leaves the alternate screen and
# shows the cursor again. Also SIGTERM in the middle of a code entry.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
ek_need tmux tmux
ek_need tput ncurses-bin

EK_TMUX_SOCK=$EK_TMP/tmux.sock
T=xterm-256color
SMCUP=$(tput -T "$T" smcup) RMCUP=$(tput -T "$T" rmcup)
CIVIS=$(tput -T "$T" civis) CNORM=$(tput -T "$T" cnorm)
[ -n "$SMCUP" ] && [ -n "$RMCUP" ] && [ -n "$CIVIS" ] && [ -n "$CNORM" ] ||
	ek_fail "no smcup/rmcup/civis/cnorm in the terminfo of $T"
CONF=$(ek_kiosk_config)
WELCOME=$(ek_msg en welcome_title) || exit 1

# Start a shell in a new tmux pane that records `stty -a`, runs the kiosk
# (its pid in kiosk.pid, its status in status) and records `stty -a` again.
# The shell waits on a fifo until the pane's output is being recorded.
# Returns once the screen shows $1 (default: the welcome screen).
pane_start() {
	local f
	for f in go before after status kiosk.pid tty.out; do
		rm -f "$EK_TMP/$f"
	done
	mkfifo "$EK_TMP/go" || ek_fail "mkfifo"
	cat >"$EK_TMP/pane.sh" <<-EOF
	read -r _ <'$EK_TMP/go'
	stty -a >'$EK_TMP/before'
	sh -c 'echo \$\$ >"$EK_TMP/kiosk.pid"; exec env TERM=$T LANG=C.UTF-8 \
		"$EK_KIOSK" --config "$CONF" --lang en 2>>"$EK_TMP/kiosk.err"'
	echo \$? >'$EK_TMP/status'
	stty -a >'$EK_TMP/after'
	EOF
	ek_tmux -f /dev/null new-session -d -s k -x 80 -y 24 \
		"bash '$EK_TMP/pane.sh'"
	ek_tmux set-option -t k remain-on-exit on >/dev/null
	ek_tmux pipe-pane -t k "cat >>'$EK_TMP/tty.out'"
	echo go >"$EK_TMP/go"
	ek_wait_screen "${1:-$WELCOME}"
	KPID=$(cat "$EK_TMP/kiosk.pid")
}

# The byte offset of the last fixed string $1 in the output stream.
last_at() {
	grep -boaF -- "$1" "$EK_TMP/tty.out" | tail -n 1 | cut -d: -f1
}

# Whether the stream, after it last entered the alternate screen and hid
# the cursor, left it and showed the cursor.
stream_restored() {
	local on off
	on=$(last_at "$SMCUP") off=$(last_at "$RMCUP")
	[ -n "$on" ] && [ -n "$off" ] && [ "$off" -gt "$on" ] || return 1
	on=$(last_at "$CIVIS") off=$(last_at "$CNORM")
	[ -n "$on" ] && [ -n "$off" ] && [ "$off" -gt "$on" ]
}

# Whether the process $1 is stopped (SIGTSTP obeyed).
stopped() {
	grep -q '^State:[[:space:]]*[Tt]' "/proc/$1/status" 2>/dev/null
}

# Send signal $1; the kiosk ends with status 0 and the terminal as before.
ends_clean() {
	kill "-$1" "$KPID" || ek_fail "kill -$1 $KPID"
	ek_wait_for "the shell to record stty after the kiosk" 5 \
		test -s "$EK_TMP/after"
	ek_gone "$KPID" || ek_fail "the kiosk still runs after SIG$1"
	ek_expect_eq "exit status after SIG$1" 0 "$(cat "$EK_TMP/status")"
	diff "$EK_TMP/before" "$EK_TMP/after" >&2 ||
		ek_fail "stty -a differs after SIG$1"
	echo "ok: stty -a the same after SIG$1"
	ek_wait_for "the output stream to restore the terminal (SIG$1)" 5 \
		stream_restored
	echo "ok: alternate screen left and cursor shown after SIG$1"
	ek_tmux kill-server
}

# Kiosk mode: Ctrl-C, Ctrl-Z, Ctrl-\ typed, and SIGINT, SIGQUIT and
# SIGTSTP sent, change nothing. The language key three times round after
# them proves they were all read: the screen must be exactly as before.
pane_start
before=$(ek_screen)
ek_keys C-c C-z 'C-\'
kill -INT "$KPID"; kill -QUIT "$KPID"; kill -TSTP "$KPID"
ek_keys /
ek_wait_screen "$(ek_msg fi welcome_title)"
ek_keys /
ek_wait_screen "$(ek_msg sv welcome_title)"
ek_keys /
ek_wait_screen "$WELCOME"
ek_gone "$KPID" && ek_fail "the kiosk ended on Ctrl-C, Ctrl-Z or Ctrl-\\"
stopped "$KPID" && ek_fail "the kiosk stopped on Ctrl-Z or SIGTSTP"
[ "$(ek_screen)" = "$before" ] ||
	ek_fail "the screen changed after Ctrl-C, Ctrl-Z, Ctrl-\\: $(ek_screen)"
echo "ok: Ctrl-C, Ctrl-Z, Ctrl-\\ and SIGINT, SIGQUIT, SIGTSTP changed nothing"
[ ! -e "$EK_TMP/status" ] || ek_fail "the kiosk exited"
ends_clean TERM

pane_start
ends_clean HUP

# SIGTERM in the middle of typing the activation code: ends the same way,
# and nothing went to the card.
ek_card_init new --start new --gen 2022
ek_card_insert new
pane_start "$(ek_msg en act_intro_start)"
ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=1 steps=5)"
ek_type 1234
ek_wait_field "$(ek_msg en name_puk)" "****____"
ends_clean TERM
ek_expect_eq "nothing sent to the card" "pin1=5/no pin2=5/no puk=5/yes" \
	"$(ek_card_codes new)"
ek_end
