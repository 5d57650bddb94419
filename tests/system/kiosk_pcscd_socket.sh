# kiosk_pcscd_socket.sh - the site's pcscd socket (pcscd_socket, made the
# kiosk's own with --terminal NAME) is the one every PC/SC call uses, as
# when a terminal's pcscd is forwarded over SSH; a pcscd that speaks
# another version of pcsc-lite's protocol is named plainly, with both
# sides' versions; broken values are refused before anything starts.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

ek_card_init c --start active --gen 2022

# The pcscd socket under another name: only the --terminal kiosk's path
# leads to it, so a working --card-info proves the setting was used.
mkdir -p "$EK_TMP/fwd"
ln -s /run/pcscd/pcscd.comm "$EK_TMP/fwd/pcscd-t1.comm"
EK_KIOSK_CONF=$(ek_kiosk_config "pcscd_socket = \"$EK_TMP/fwd/pcscd.comm\";")
ek_card_insert c
out=$("$EK_KIOSK" --config "$EK_KIOSK_CONF" --terminal t1 --card-info 2>&1) ||
	ek_fail "--card-info through pcscd_socket failed: $out"
ek_expect_match "the card read through the terminal's socket" 'PIN1  tries left: 5, activated: yes' "$out"
out=$("$EK_KIOSK" --config "$EK_KIOSK_CONF" --card-info 2>&1)
ek_expect_eq "without --terminal, the bare pcscd_socket (absent) is used: exit" 1 "$?"
ek_expect_match "... and said" "pcscd is not running" "$out"

# A pcscd of another protocol version (4:3, pcsc-lite before 1.8.24).
mkdir -p "$EK_TMP/old"
# (not a coprocess: bash keeps one, lib_screen.sh's tmux control client)
exec {OLD}< <(exec "$top_builddir/tests/system/pcscd_other" "$EK_TMP/old/pcscd.comm" 4 3 2>>"$EK_TMP/pcscd_other.err")
OLD_PID=$!
read -r -t 10 line <&"$OLD" && [ "$line" = ready ] ||
	ek_fail "pcscd_other did not start"
EK_KIOSK_CONF=$(ek_kiosk_config "pcscd_socket = \"$EK_TMP/old/pcscd.comm\";")
out=$("$EK_KIOSK" --config "$EK_KIOSK_CONF" --card-info 2>&1)
ek_expect_eq "--card-info on a pcscd of another version: exit" 1 "$?"
ek_expect_match "... names its version and ours" \
	"pcscd at $EK_TMP/old/pcscd.comm speaks PC/SC protocol 4:3, which this kiosk's pcsc-lite [0-9.]* does not" "$out"
ek_kiosk_start --lang en
ek_wait_says "$(ek_msg en service_down_title)"
ek_wait_for "the kiosk to tell the journal why" 10 \
	grep -q "speaks PC/SC protocol 4:3" "$EK_TMP/kiosk.err"
ek_expect_eq "told once, though it keeps trying" 1 \
	"$(grep -c "speaks PC/SC protocol 4:3" "$EK_TMP/kiosk.err")"
kill "$OLD_PID"

# Broken values stop the start (exit 2) with file:line or the option.
long=/run/$(printf 'x%.0s' {1..120})/pcscd.comm
bad=$(ek_kiosk_config "pcscd_socket = \"$long\";")
out=$("$EK_KIOSK" --config "$bad" --check-config 2>&1)
ek_expect_eq "a pcscd_socket too long for a socket: exit" 2 "$?"
ek_expect_match "... named with its line" "eidkiosk.conf:[0-9]*: pcscd_socket must be an absolute path of at most 107" "$out"
out=$("$EK_KIOSK" --config "$EK_KIOSK_CONF" --terminal 'a/b' --card-info 2>&1)
ek_expect_eq "--terminal with a slash: exit" 2 "$?"
ek_expect_match "... said" "--terminal takes a name of 1 to 32 letters" "$out"
ek_end
