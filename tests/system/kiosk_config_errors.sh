# kiosk_config_errors.sh - broken configuration files: `eidkiosk --config F`
# exits 2 with "file:line: message" on stderr for each problem, before any
# screen is drawn (on a real pty the output stream holds the messages and
# nothing else), and --check-config reports every problem in one run.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

S=$top_srcdir
D=$EK_TMP/conf
mkdir -p "$D/lang" "$D/themes" || ek_fail "mkdir $D"
: >"$D/ca.pem"

# site NAME [extra lines]: a site config $D/site-NAME.conf whose files are the
# source tree's, or $CARDS, $LANG_DIR and $THEME_DIR when set.
site() {
	local f=$D/site-$1.conf
	shift
	{
		printf 'files = {\n  cards = "%s";\n  ca = "%s";\n  lang_dir = "%s";\n  theme_dir = "%s";\n};\n' \
			"${CARDS:-$S/conf/cards.conf}" "$D/ca.pem" \
			"${LANG_DIR:-$S/conf/lang}" "${THEME_DIR:-$S/themes}"
		printf '%s\n' "$@"
	} >"$f"
	echo "$f"
}

# The number of the first line of file $1 holding the fixed text $2.
line_of() {
	local n
	n=$(grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] || ek_fail "'$2' not in $1"
	echo "$n"
}

# Every stderr line is "file:line: message" or, for a file that cannot be
# opened, "file: message".
all_located() {
	local l
	while IFS= read -r l; do
		printf '%s\n' "$l" | grep -q '^/[^:]*\(:[0-9][0-9]*\)\{0,1\}: [^ ]' ||
			ek_fail "not a 'file:line: message' line: $l"
	done <"$EK_TMP/err"
}

# broken WHAT CONF PATTERN: the kiosk refuses CONF with status 2, says
# nothing on stdout, and stderr has a line matching PATTERN (grep -E).
broken() {
	local rc=0
	"$EK_KIOSK" --config "$2" >"$EK_TMP/out" 2>"$EK_TMP/err" </dev/null || rc=$?
	ek_expect_eq "$1: exit status" 2 "$rc"
	[ ! -s "$EK_TMP/out" ] || ek_fail "$1: output on stdout: $(cat "$EK_TMP/out")"
	grep -qE -- "$3" "$EK_TMP/err" ||
		ek_fail "$1: no line matching '$3' in: $(cat "$EK_TMP/err")"
	all_located
	echo "ok: $1: $(cat "$EK_TMP/err")"
}

# A good site config passes: the broken ones fail for their own reasons.
good=$(site good)
out=$("$EK_KIOSK" --config "$good" --check-config 2>&1) ||
	ek_fail "the good config fails --check-config: $out"
ek_expect_eq "the good config" "configuration OK" "$out"

f=$(site syntax 'timeouts = { code_entry = ; };')
broken "syntax error" "$f" "^$f:$(line_of "$f" code_entry): .*syntax"

f=$(site unknown 'frobnicate = 3;')
broken "unknown setting" "$f" "^$f:$(line_of "$f" frobnicate): .*frobnicate"

f=$(site range 'timeouts = { code_entry = -1; };')
broken "bad value" "$f" "^$f:$(line_of "$f" code_entry): .*code_entry.*-1"

f=$(site nolang 'language = { default = "fi"; offered = ["fi", "sv", "en", "de"]; };')
broken "missing language file" "$f" "^$S/conf/lang/de\.conf: .*open"

cp "$S"/conf/lang/*.conf "$D/lang/" || ek_fail "copy conf/lang"
sed -i '/^[[:space:]]*btn_try_again = /d' "$D/lang/sv.conf"
f=$(LANG_DIR=$D/lang site lang)
broken "language file without a message" "$f" "^$D/lang/sv\.conf:[0-9]+: .*btn_try_again"
cp "$S/conf/lang/sv.conf" "$D/lang/sv.conf"

cp "$S"/themes/*.theme "$D/themes/" || ek_fail "copy themes"
sed -i 's/fg = "bright-cyan"/fg = "ultraviolet"/' "$D/themes/default.theme"
f=$(THEME_DIR=$D/themes site theme)
broken "broken theme" "$f" \
	"^$D/themes/default\.theme:$(line_of "$D/themes/default.theme" ultraviolet): .*ultraviolet"
cp "$S/themes/default.theme" "$D/themes/default.theme"
sed -i 's/^roles = {/roles = {{/' "$D/themes/mono.theme"
broken "theme syntax error (a theme not chosen)" "$f" \
	"^$D/themes/mono\.theme:$(line_of "$D/themes/mono.theme" 'roles = {{'): .*syntax"
cp "$S/themes/mono.theme" "$D/themes/mono.theme"

cp "$S/conf/cards.conf" "$D/cards.conf" || ek_fail "copy cards.conf"
sed -i '0,/aid = "A0 00/s//aid = "ZZ 00/' "$D/cards.conf"
f=$(CARDS=$D/cards.conf site cards)
broken "broken cards.conf" "$f" \
	"^$D/cards\.conf:$(line_of "$D/cards.conf" '"ZZ 00'): .*aid"
cp "$S/conf/cards.conf" "$D/cards.conf"

# Everything broken at once: --check-config names every problem in one run
# (two in the settings file, then the language, theme and cards files).
cp "$S/conf/lang/"*.conf "$D/lang/"
sed -i '/^[[:space:]]*btn_try_again = /d' "$D/lang/sv.conf"
sed -i 's/fg = "bright-cyan"/fg = "ultraviolet"/' "$D/themes/default.theme"
sed -i 's/^roles = {/roles = {{/' "$D/themes/mono.theme"
sed -i '0,/aid = "A0 00/s//aid = "ZZ 00/' "$D/cards.conf"
all=$(CARDS=$D/cards.conf LANG_DIR=$D/lang THEME_DIR=$D/themes site all \
	'frobnicate = 3;' 'timeouts = { code_entry = -1; };')
rc=0
"$EK_KIOSK" --config "$all" --check-config >"$EK_TMP/check" 2>&1 </dev/null || rc=$?
ek_expect_eq "--check-config exit status" 2 "$rc"
check=$(cat "$EK_TMP/check")
for pat in "^$all:$(line_of "$all" frobnicate): .*frobnicate" \
	"^$all:$(line_of "$all" code_entry): .*code_entry" \
	"^$D/lang/sv\.conf:[0-9]*: .*btn_try_again" \
	"^$D/themes/default\.theme:[0-9]*: .*ultraviolet" \
	"^$D/themes/mono\.theme:[0-9]*: .*syntax" \
	"^$D/cards\.conf:[0-9]*: .*aid" \
	"^6 problems found\$"; do
	ek_expect_match "--check-config" "$pat" "$check"
done
ek_expect_eq "--check-config lines" 7 "$(printf '%s\n' "$check" | wc -l)"

# At start-up with a good settings file, the other files' problems all
# come at once too.
f=$(CARDS=$D/cards.conf LANG_DIR=$D/lang THEME_DIR=$D/themes site files)
broken "all other files broken" "$f" "btn_try_again"
ek_expect_eq "start-up problem lines" 4 "$(wc -l <"$EK_TMP/err")"

# On a real terminal: the kiosk's whole output stream (recorded from its
# first byte: the pane waits on a fifo until the recording runs) is the
# message; no alternate screen, no escape sequence at all.
pty_says_err() {
	[ "$(tr -d '\r' <"$EK_TMP/tty.out")" = "$(cat "$EK_TMP/err")" ]
}
on_pty() {
	local conf=$1
	EK_TMUX_SOCK=$EK_TMP/tmux.sock
	rm -f "$EK_TMP/go" "$EK_TMP/tty.out"
	mkfifo "$EK_TMP/go" || ek_fail "mkfifo"
	ek_tmux -f /dev/null new-session -d -s k -x 80 -y 24 \
		"read -r _ <'$EK_TMP/go'; exec env TERM=xterm-256color \
		 LANG=C.UTF-8 '$EK_KIOSK' --config '$conf'"
	ek_tmux set-option -t k remain-on-exit on >/dev/null
	ek_tmux pipe-pane -t k "cat >>'$EK_TMP/tty.out'"
	echo go >"$EK_TMP/go"
	ek_wait_for "the kiosk to exit" 5 ek_kiosk_exited
	ek_expect_eq "exit status on the pty" 2 "$(ek_kiosk_status)"
	"$EK_KIOSK" --config "$conf" >/dev/null 2>"$EK_TMP/err" </dev/null
	ek_wait_for "the message on the pty" 5 pty_says_err
	! grep -qaF "$(printf '\033')" "$EK_TMP/tty.out" ||
		ek_fail "escape sequences on the pty: $(od -c "$EK_TMP/tty.out" | head)"
	ek_expect_eq "the pty's output stream" "$(cat "$EK_TMP/err")" \
		"$(tr -d '\r' <"$EK_TMP/tty.out")"
	ek_tmux kill-server
}
ek_need tmux tmux
on_pty "$(site unknown 'frobnicate = 3;')"
on_pty "$f"
ek_end
