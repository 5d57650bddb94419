# kiosk_staff_code.sh - the staff code against guessing. It is kept as a
# salted, slow hash (eidkiosk --hash-staff-code: no echo, at least 8
# digits) in a file others cannot read: --check-config and the kiosk refuse
# anything else, and the old plain SHA-256 setting. At the kiosk a wrong
# code costs a wait that doubles, and max_wrong_codes of them close the
# staff key for lockout_seconds: the right code is refused until then. The
# audit trail holds every attempt and no digit.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

CODE=97531864
hash() {
	printf '%s\n' "$1" | "$EK_KIOSK" --hash-staff-code --iterations 100000
}

out=$(hash 1234567 2>&1)
ek_expect_eq "a 7-digit staff code is refused" 2 "$?"
ek_expect_match "... saying why" 'at least 8' "$out"
line=$(hash "$CODE") || ek_fail "eidkiosk --hash-staff-code failed"
ek_expect_match "the line to paste" \
	'^\$pbkdf2-sha256\$100000\$[A-Za-z0-9+/]\{22\}==\$[A-Za-z0-9+/]\{43\}=$' "$line"
[ "$line" != "$(hash "$CODE")" ] || ek_fail "the same code hashed twice alike: no salt"
[[ $line == *"$CODE"* ]] && ek_fail "the hash line holds the code"

EK_KIOSK_CONF=$(ek_kiosk_config "$(ek_staff_conf "$CODE" \
	'max_wrong_codes = 3; lockout_seconds = 10;')")
# check CONF WHAT TEXT: --check-config and the kiosk's start refuse it.
check_refused() {
	out=$("$EK_KIOSK" --config "$1" --check-config 2>&1)
	ek_expect_eq "--check-config refuses $2" 2 "$?"
	ek_expect_match "... saying why" "$3" "$out"
	out=$("$EK_KIOSK" --config "$1" </dev/null 2>&1)
	ek_expect_eq "the kiosk refuses to start with $2" 2 "$?"
}
chmod 644 "$EK_TMP/staff.code"
check_refused "$EK_KIOSK_CONF" "a staff code file others may read" \
	'staff.code: others may read or change it'
chmod 640 "$EK_TMP/staff.code"
cp "$EK_TMP/staff.code" "$EK_TMP/staff.good"
printf %s "$CODE" | sha256sum | cut -d' ' -f1 >"$EK_TMP/staff.code"
check_refused "$EK_KIOSK_CONF" "a plain SHA-256" 'staff.code:1: not a staff code hash'
mv "$EK_TMP/staff.good" "$EK_TMP/staff.code"
ek_kiosk_config "staff = { code_sha256 = \"$(printf %s "$CODE" | sha256sum | cut -c1-64)\"; };" \
	>/dev/null
out=$("$EK_KIOSK" --config "$EK_TMP/eidkiosk.conf" --check-config 2>&1)
ek_expect_eq "--check-config refuses the old plain hash setting" 2 "$?"
ek_expect_match "... and says what replaces it" \
	'staff.code_sha256 is no longer accepted: .*eidkiosk --hash-staff-code' "$out"
EK_KIOSK_CONF=$(ek_kiosk_config "$(ek_staff_conf "$CODE" \
	'max_wrong_codes = 3; lockout_seconds = 10;')")
out=$("$EK_KIOSK" --config "$EK_KIOSK_CONF" --check-config 2>&1) ||
	ek_fail "--check-config refused a good staff code file: $out"

ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_keys F12
ek_wait_screen "Type the staff code."
ek_type 11111111; ek_keys Enter
ek_wait_says "$(ek_msg en staff_wait n=1)"
ek_type_when_open 22222222
ek_wait_says "$(ek_msg en staff_wait n=2)"
ek_type_when_open 33333333
ek_wait_says "$(ek_msg en staff_closed n=1)"
closed=$(ek_now_ms)

# Closed: the right code is not even taken, and the key stays shut.
ek_type "$CODE"; ek_keys Enter Escape
ek_wait_screen "Welcome"
ek_keys F12
ek_wait_says "$(ek_msg en staff_closed n=1)"
ek_screen_has "Type the staff code." && ek_fail "the closed staff key opened"
ek_audit_has "audit: the closed key was tried" 'event=staff_key result=closed minutes_left=1'

# staff_key_open: the code entry is up; if not, press the staff key (the
# next poll sees what it did).
staff_key_open() {
	ek_screen_has "Type the staff code." && return 0
	ek_keys F12
	return 1
}
EK_POLL_S=1 ek_wait_for "the staff key to open again" $((5 + 15 / EK_TIME_SCALE)) \
	staff_key_open
opened=$(ek_now_ms)
[ $((opened - closed)) -ge 10000 ] ||
	ek_fail "the staff key opened after $((opened - closed)) ms, not 10 s"
ek_type "$CODE"; ek_keys Enter
ek_wait_screen "Card service (pcscd)" 15
ek_keys Escape
ek_wait_screen "Welcome"

for n in 1 2 3; do
	ek_audit_has "audit: wrong code $n" "event=staff_code result=wrong in_a_row=$n"
done
ek_audit_has "audit: the key closed" 'event=staff_key result=closing minutes=1'
ek_audit_has "audit: the right code" 'event=staff_code result=ok'
ek_audit_has "audit: service screen closed" 'event=staff_service action=close'
ek_no_codes 11111111 22222222 33333333 "$CODE"
