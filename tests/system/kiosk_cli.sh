# kiosk_cli.sh - eidkiosk's command line before any screen: exit codes
# (0 ok, 1 runtime failure, 2 usage or configuration error) and
# "file:line: message" problems printed before curses would start.
: "${top_srcdir:?top_srcdir not set (run through make check)}"
: "${top_builddir:?top_builddir not set (run through make check)}"

. "$top_srcdir/tests/system/lib_valgrind.sh"

K=$top_builddir/eidkiosk
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ek_valgrind_wrap "$T" K || exit 1

# check "what" expected-status command...: stdout+stderr go to $T/out.
check() {
	want=$1 what=$2
	shift 2
	"$@" >"$T/out" 2>&1 </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $what: exit $got, expected $want"; cat "$T/out"
		fails=$((fails + 1))
	fi
}

# has "what" text: the last output contains text.
has() {
	if ! grep -qF -- "$2" "$T/out"; then
		echo "FAIL: $1: output lacks '$2'"; cat "$T/out"
		fails=$((fails + 1))
	fi
}

cat >"$T/good.conf" <<CONF
files = {
	cards = "$top_srcdir/conf/cards.conf";
	ca = "$T/ca.pem";
	lang_dir = "$top_srcdir/conf/lang";
	theme_dir = "$top_srcdir/themes";
};
CONF
cp "$T/good.conf" "$T/bad.conf"
printf 'timeouts = { idle = 5; };\n' >>"$T/bad.conf"

check 0 "--version" "$K" --version;            has "--version" "eidkiosk "
has "--version" "ncurses"; has "--version" "OpenSSL"; has "--version" "libconfig"
check 0 "--help" "$K" --help;                  has "--help" "--check-config"
check 2 "unknown option" "$K" --bogus;         has "unknown option" "--help"
check 2 "stray argument" "$K" extra
check 2 "--json alone" "$K" --json
printf 'staff = { monitor_socket = "%s/none.sock"; };\n' "$T" >"$T/mon.conf"
check 1 "--monitor, no kiosk" "$K" --config "$T/mon.conf" --monitor
has "--monitor, no kiosk" "none.sock: no kiosk is running here"
check 2 "--reset alone" "$K" --reset;          has "--reset alone" "--reset goes with --monitor"
check 0 "--dump-fsm" "$K" --dump-fsm;          has "--dump-fsm" "digraph eidkiosk"
check 2 "missing --config" "$K" --config "$T/none.conf"
has "missing --config" "$T/none.conf: cannot open"
check 0 "--check-config good" "$K" --config "$T/good.conf" --check-config
has "--check-config good" "configuration OK"
check 2 "--check-config bad" "$K" --config "$T/bad.conf" --check-config
has "--check-config bad" "$T/bad.conf:7: timeouts.idle = 5 is out of range"
check 2 "bad config at start" "$K" --config "$T/bad.conf" --demo
has "bad config at start" "$T/bad.conf:7:"

# "@include" would leave a file unchecked, and "@include" of a directory
# makes libconfig 1.5 exit() the process: every loader refuses it with the
# file and line, before the screen starts. refuse_include NAME FILE: FILE
# (a copy in $T/inc) gets the line; settings point at the copies.
mkdir -p "$T/inc"
cp -r "$top_srcdir/conf/lang" "$top_srcdir/themes" "$top_srcdir/conf/cards.conf" "$T/inc/"
sed -e "s|$top_srcdir/conf/lang|$T/inc/lang|; s|$top_srcdir/themes|$T/inc/themes|" \
	-e "s|$top_srcdir/conf/cards.conf|$T/inc/cards.conf|" "$T/good.conf" >"$T/inc/site.conf"
refuse_include() {
	local f=$T/inc/$2 line
	cp "$f" "$f.orig"
	printf '  @Include "/"\n' >>"$f"
	line=$(wc -l <"$f")
	check 2 "@include in $1" "$K" --config "$T/inc/site.conf" --check-config
	has "@include in $1" "$f:$line: @include is not supported"
	check 2 "@include in $1 at start" "$K" --config "$T/inc/site.conf" --demo
	has "@include in $1 at start" "$f:$line: @include is not supported"
	mv "$f.orig" "$f"
}
check 0 "--check-config of the copies" "$K" --config "$T/inc/site.conf" --check-config
refuse_include settings site.conf
refuse_include "a language" lang/sv.conf
refuse_include "the theme" themes/default.theme
refuse_include "the card profiles" cards.conf
check 2 "--lang not offered" "$K" --config "$T/good.conf" --lang de
check 1 "no terminal" "$K" --config "$T/good.conf" --demo
has "no terminal" "must be a terminal"

ek_valgrind_check "$T" || fails=$((fails + 1))
[ "$fails" -eq 0 ] || exit 1
echo "ok: eidkiosk command line"
