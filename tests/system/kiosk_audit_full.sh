# kiosk_audit_full.sh - an activation on the kiosk while the audit file's
# filesystem is full (a small tmpfs in this test's mount namespace): the
# citizen is served (audit.on_failure = "continue": syslog still gets every
# record), the service screen shows the alarm meanwhile, and once space is
# freed every record of the visit is in the file, in order, with an
# audit_held record saying what waited; the trail verifies. Then a site
# that says "stop": the kiosk is out of order while the file cannot be
# written, and serves again when it can.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

FS=$EK_TMP/auditfs
mkdir -p "$FS"
mount -t tmpfs -o size=64k,mode=0755 tmpfs "$FS" || ek_fail "cannot mount a tmpfs"
# conf POLICY NAME: the kiosk's settings with the audit file NAME.log on the
# tmpfs (new: its first record needs a page the full disk has not), its
# key NAME.key beside the test's files.
conf() {
	LOG=$FS/$2.log
	EK_KIOSK_CONF=$(ek_kiosk_config "$(ek_staff_conf 24680135)")
	sed -i -e "s|file = \"$EK_TMP/audit.log\"|file = \"$LOG\"; on_failure = \"$1\"|" \
		-e "s|key_file = \"$EK_TMP/audit.key\"|key_file = \"$EK_TMP/$2.key\"|" \
		"$EK_KIOSK_CONF"
	grep -q "on_failure = \"$1\"" "$EK_KIOSK_CONF" &&
		grep -q "$2.key" "$EK_KIOSK_CONF" || ek_fail "no audit settings to change"
}
# fill: take every byte left on the tmpfs.
fill() {
	dd if=/dev/zero of="$FS/fill" bs=1k 2>/dev/null
	[ "$(df --output=avail "$FS" | tail -1)" -eq 0 ] || ek_fail "the tmpfs is not full"
}
# in_file WHAT REGEX: the audit file has a matching record.
in_file() {
	grep -Eq -- "$2" "$LOG" || ek_fail "$1: no record matching '$2' in $LOG"
	echo "ok: $1"
}
# staff_screen: open the service screen with the staff code.
staff_screen() {
	ek_keys F12
	ek_wait_screen "Type the staff code."
	ek_type 24680135; ek_keys Enter
	ek_wait_screen "Card service (pcscd)" 15
}

conf continue first
ek_card_init new --start new --gen 2022 --puk 12345678
fill
ek_kiosk_start --lang en
ek_wait_screen "Welcome"
ek_card_insert new
ek_wait_screen "Press Enter when you are ready." 15
ek_keys Enter
ek_activate 12345678 2580 258046
[ -s "$LOG" ] && ek_fail "a record reached a full disk: $(cat "$LOG")"
staff_screen
ek_screen_says "Audit trail: " || ek_fail "no audit line on the service screen"
ek_screen_says "records wait: the file cannot be written" ||
	ek_fail "the service screen shows no audit alarm"
rm "$FS/fill"
ek_keys Escape                       # a record now: the file takes them all
ek_wait_for "the waiting records to reach the file" 35 \
	grep -q 'event=audit_held count=' "$LOG"
in_file "the trail began" 'seq=1 .*event=audit_start'
in_file "the visit began" 'event=journey_start journey=activate lang=en'
in_file "PIN1 written" 'event=card_op op=reset_retry code=puk result=ok'
in_file "the visit ended" 'event=journey_end journey=activate reason=done'
"$EK_KIOSK" --config "$EK_KIOSK_CONF" --verify-audit "$LOG" >"$EK_TMP/verify.out" ||
	ek_fail "the trail does not verify: $(cat "$EK_TMP/verify.out")"
ek_card_remove
ek_wait_screen "Welcome"
ek_kiosk_end || ek_fail "the kiosk did not end"
ek_tmux kill-server
rm "$LOG"

# A site that says stop: out of order while the file cannot be written.
conf stop second
ek_card_init second --start active --gen 2022
fill
ek_kiosk_start --lang en
ek_wait_says "$(ek_msg en out_of_order_title)" 15
ek_card_insert second
ek_screen_has "What would you like to do?" && ek_fail "served without an audit file"
ek_screen_says "$(ek_msg en out_of_order_title)" || ek_fail "a card ended the out of order"
rm "$FS/fill"
ek_wait_screen "What would you like to do?" 45
grep -q 'event=card_op op=read_info result=ok' "$LOG" ||
	ek_fail "the card was read before the trail was written again"
