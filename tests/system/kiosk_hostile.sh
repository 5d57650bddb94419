# kiosk_hostile.sh - a hostile card in a hostile reader. The
# card's certificate names carry ESC, CSI and OSC sequences, C1 controls
# (U+009B, U+009D, U+009C, U+0085), U+202E, quotes, and bytes that are no
# UTF-8 (a T61String); its document number is such bytes; the reader's name,
# which pcscd takes from its configuration as a USB device's descriptors
# would give it, carries ESC sequences, a raw 0x9B, U+009D, U+202E, bytes
# that are no UTF-8, a backslash and "fake=1". None of it reaches the
# terminal, `--card-info` (text, and JSON that stays valid), the staff
# monitor (whose line still parses) or the audit trail raw: each shows
# U+FFFD where it was. The kiosk still serves the card (test my card, a
# PIN test signs).
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
ek_need python3 python3

R=$'\xef\xbf\xbd'   # U+FFFD, what the kiosk shows instead
SOCK=$EK_TMP/run/monitor.sock

# Octal escapes: the same bytes in any locale.
GIVEN=$(printf 'Maija\033[5;31mRED\033]0;PWNED\007\302\2332J\302\2350;T\302\234\342\200\256q"uote')
SURNAME=$(printf 'Evil\23331m\205\300\257\377s')    # no UTF-8: a T61String
DOCHEX=1b5b324a9bc0af22e280ae                       # ESC [2J 9B C0 AF " U+202E
READER=$(printf 'Evil\033]0;RDR\007 \033[7mRDRINV \23331m \302\235 \342\200\256 \300\257\377 \\ fake=1 Reader')

# What the kiosk shows: each control and each byte that is no UTF-8 one
# U+FFFD; the T61String's bytes read as Latin-1 (C0 AF FF: À ¯ ÿ).
HOLDER="Maija${R}[5;31mRED${R}]0;PWNED${R}${R}2J${R}0;T${R}${R}q\"uote Evil${R}31m${R}"$'\xc3\x80\xc2\xaf\xc3\xbfs'
SHOWN="Evil${R}]0;RDR${R} ${R}[7mRDRINV ${R}31m ${R} ${R} ${R}${R}${R} \\ fake=1 Reader 00 00"

# The raw sequences that must appear nowhere (the terminal stream has ESC
# sequences of its own, so those are looked for with what follows them).
raw=(
	$'\e[5;31mRED' $'\e]0;PWNED' $'PWNED\a' $'\e]0;RDR' $'RDR\a' $'\e[7mRDRINV'
	$'\xc2\x9b' $'\xc2\x9d' $'\xc2\x9c' $'\xc2\x85' $'\x9b31m' $'\x9b\xc0\xaf'
	$'\xe2\x80\xae' $'\xc0\xaf' $'\xff'
)

# no_raw WHAT FILE...: none of the raw sequences is in the files.
no_raw() {
	local what=$1 r
	shift
	for r in "${raw[@]}"; do
		! LC_ALL=C grep -qaF -- "$r" "$@" ||
			ek_fail "$what carries $(printf %q "$r") raw: $*"
	done
	echo "ok: $what carries none of the hostile bytes raw"
}

# has_line WHAT FILE LINE: the file has exactly this line.
has_line() {
	LC_ALL=C grep -qxF -- "$3" "$2" || ek_fail "$1: no line '$3' in:
$(cat "$2")"
	echo "ok: $1"
}

# The reader: pcscd takes any byte but '"' and a newline in FRIENDLYNAME.
ek_pcscd_stop
printf 'FRIENDLYNAME "%s"\nDEVICENAME /dev/null:0x8C7B\nLIBPATH %s\n' \
	"$READER" "$EK_VPCD_LIB" >"$EK_TMP/reader.conf.d/vpcd"
ek_pcscd_start

ek_card_init evil --start active --gen 2022 --pin1 2468 --given "$GIVEN" \
	--surname "$SURNAME" --docnum-hex "$DOCHEX"
ek_card_insert evil
EK_KIOSK_CONF=$(ek_kiosk_config \
	"staff = { group = \"root\"; monitor_socket = \"$SOCK\"; };")

# --card-info, text and JSON.
"$EK_KIOSK" --config "$EK_KIOSK_CONF" --card-info >"$EK_TMP/ci.txt" \
	2>"$EK_TMP/ci.err" || ek_fail "--card-info failed: $(cat "$EK_TMP/ci.err")"
has_line "--card-info: reader" "$EK_TMP/ci.txt" "Reader:             $SHOWN"
has_line "--card-info: holder" "$EK_TMP/ci.txt" "Holder:             $HOLDER"
has_line "--card-info: no document number" "$EK_TMP/ci.txt" \
	"Document number:    (the card did not tell)"
"$EK_KIOSK" --config "$EK_KIOSK_CONF" --card-info --json >"$EK_TMP/ci.json" \
	2>>"$EK_TMP/ci.err" || ek_fail "--card-info --json failed"
python3 -m json.tool "$EK_TMP/ci.json" >/dev/null ||
	ek_fail "--card-info --json is no valid JSON: $(cat "$EK_TMP/ci.json")"
HOLDER=$HOLDER SHOWN=$SHOWN python3 - "$EK_TMP/ci.json" <<-'END' ||
	import json, os, sys
	d = json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))
	want = {k: os.environb[k.encode()].decode() for k in ("HOLDER", "SHOWN")}
	assert d["holder"] == want["HOLDER"], d["holder"]
	assert d["reader"] == want["SHOWN"], d["reader"]
	assert d["document_number"] is None, d["document_number"]
	assert "\ufffd" in d["certificates"]["auth"]["subject_cn"]
	END
	ek_fail "--card-info --json: names not as cleaned"
echo "ok: --card-info --json is valid JSON with the cleaned names"
no_raw "--card-info" "$EK_TMP/ci.txt" "$EK_TMP/ci.json" "$EK_TMP/ci.err"

# The kiosk serves the card; the monitor follows it.
ek_kiosk_start --lang en
ek_wait_screen "What would you like to do?" 20
ek_wait_for "the monitor socket" 5 test -S "$SOCK"
"$EK_KIOSK" --config "$EK_KIOSK_CONF" --monitor >"$EK_TMP/mon.out" \
	2>"$EK_TMP/mon.err" &
MON_PID=$!
ek_wait_for "the monitor's state line" 10 grep -q 'reader_name=' "$EK_TMP/mon.out"
ek_keys 1
ek_wait_screen "Your card"
ek_screen_has "Holder: Maija${R}[5;31mRED${R}]0;PWNED" || ek_fail "holder not shown"
ek_screen_has "Document number: -" || ek_fail "document number not shown unknown"
ek_keys 1
ek_wait_screen "Type your"
ek_type 2468; ek_keys Enter
ek_wait_screen "Your card works" 15
ek_stop_pid "$MON_PID"

# The monitor's line parses as key=value words; the name is one of them.
SHOWN=$SHOWN python3 - "$EK_TMP/mon.out" <<-'END' ||
	import os, re, sys
	word = re.compile(rb' ([a-z_0-9]+)=("(?:[^"\\]|\\["\\])*"|[^ "]*)')
	want = os.environb[b"SHOWN"].replace(b"\\", b"\\\\").replace(b'"', b'\\"')
	lines = [l for l in open(sys.argv[1], "rb").read().split(b"\n") if b" state " in l]
	assert lines, "no state line"
	for l in lines:
	    rest = l[l.index(b" state ") + 6:]
	    keys = [m.group(1) for m in word.finditer(rest)]
	    assert b"".join(m.group(0) for m in word.finditer(rest)) == rest, l
	    assert b"fake" not in keys and keys[-1] == b"reader_name", keys
	    assert rest.endswith(b' reader_name="' + want + b'"'), l
	END
	ek_fail "the monitor's line does not parse, or holds another name"
echo "ok: the monitor's line parses, with the cleaned reader name quoted"

no_raw "the terminal output" "$EK_TMP/tty.out"
no_raw "the kiosk's stderr" "$EK_TMP/kiosk.err"
no_raw "the monitor" "$EK_TMP/mon.out" "$EK_TMP/mon.err"
ek_audit_has "the card was read" 'event=card_op op=read_info result=ok'
no_raw "the audit trail" "$EK_TMP/audit.log"
ek_end
