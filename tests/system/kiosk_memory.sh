# kiosk_memory.sh - no code the citizen typed is left in the kiosk's memory
# where a core dump could take it: the real kiosk (tmux pty, private pcscd
# + vpcd, eidkiosk-vcard) is dumped with gcore while the new PIN2 is typed,
# on the completion screen and after the card is taken, and none of the
# activation code, PIN1 or PIN2 is in the core files, the terminal output,
# the kiosk's stderr or the virtual card's APDU log.
#
# The kiosk sets RLIMIT_CORE 0 and PR_SET_DUMPABLE 0 (secret.c), so it never
# writes a core itself; gcore attaches with ptrace, which a non-dumpable
# process allows to a tracer with CAP_SYS_PTRACE in its user namespace: we
# are (mapped) root in the test's namespaces. gcore honours MADV_DONTDUMP
# like the kernel, so the locked secret arena is left out, as it would be
# from a crash dump.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
ek_need gcore gdb

PUK=58203941 PIN1=7391 PIN2=620594

# The forms the codes could take in memory, as one grep -P pattern: their
# ASCII digits (this covers the APDU encoding too, the digits right-padded
# with 0x00 or 0xFF to 12 bytes), and one int per digit (how curses queues
# keys).
CODES_RE=
for code in "$PUK" "$PIN1" "$PIN2"; do
	CODES_RE="$CODES_RE|$code|$(printf '%s' "$code" | sed 's/./&\\x00\\x00\\x00/g')"
done
CODES_RE=${CODES_RE#|}

# What a core would hold, read from /proc/PID/mem: every readable mapping
# not marked "dd" (MADV_DONTDUMP). For sanitizer builds, whose runtime
# reserves terabytes of PROT_NONE address space that gcore writes out as
# sparse sections (minutes per dump).
mem_dump() {
	local pid=$1 out=$2 range perms start end
	: >"$out"
	awk '/^[0-9a-f]+-[0-9a-f]+ / { m = $1 " " $2 }
		/^VmFlags:/ { if (m !~ / ---/ && $0 !~ / dd/) print m }' \
		"/proc/$pid/smaps" >"$EK_TMP/maps" || return 1
	while read -r range perms; do
		case $perms in r*) ;; *) continue ;; esac
		start=$((16#${range%-*})) end=$((16#${range#*-}))
		# ([vvar] and the like cannot be read: skipped)
		dd if="/proc/$pid/mem" bs=1M iflag=skip_bytes,count_bytes \
			skip="$start" count=$((end - start)) 2>/dev/null >>"$out" || true
	done <"$EK_TMP/maps"
}

# Dump the kiosk now to $EK_TMP/NAME.PID with gcore (or mem_dump with a
# sanitizer runtime) and check it (one grep each for the screen texts and
# the codes: the core is large).
dump_and_scan() {
	local name=$1 core=$EK_TMP/$1.$KPID found rc=0
	if grep -q 'lib[a-z]*san\.so' "/proc/$KPID/maps"; then
		mem_dump "$KPID" "$core" || ek_fail "cannot read /proc/$KPID"
	else
		gcore -o "$EK_TMP/$name" "$KPID" >"$EK_TMP/gcore.log" 2>&1 ||
			ek_fail "gcore could not dump the kiosk: $(tail -n 3 "$EK_TMP/gcore.log")"
	fi
	[ "$(stat -c %s "$core")" -gt 1000000 ] || ek_fail "$name: the core is too small"
	# The same scan finds text that is there: screen strings.
	found=$(LC_ALL=C grep -aoP -- "\\Q$DONE_TITLE\\E|\\Q$WELCOME\\E" "$core" |
		sort -u | wc -l)
	[ "$found" -eq 2 ] || ek_fail "$name: the core lacks the screen texts"
	LC_ALL=C grep -qaP -- "$CODES_RE" "$core" || rc=$?
	[ "$rc" -ne 0 ] || ek_fail "$name: a code is in the core:
$(LC_ALL=C grep -aoP -- "$CODES_RE" "$core" | od -c | head -n 4)"
	[ "$rc" -eq 1 ] || ek_fail "$name: grep could not scan the core"
	echo "ok: $name: no code in a core of $(stat -c %s "$core") bytes"
	rm -f "$core"
}

DONE_TITLE=$(ek_msg en done_activated_title) || exit 1
WELCOME=$(ek_msg en welcome_title) || exit 1

ek_card_init new --start new --gen 2022 --puk "$PUK"
ek_kiosk_start --lang en
ek_wait_screen "$WELCOME"
KPID=$(ek_kiosk_pid)
ek_card_insert new
ek_wait_screen "$(ek_msg en act_intro_start)"
ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=1 steps=5)"
ek_type "$PUK"; ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=2 steps=5)"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=3 steps=5)"
ek_type "$PIN1"; ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=4 steps=5)" 15
# PIN2 typed, not yet sent: the three codes are in the secret arena.
ek_type "$PIN2"
ek_wait_field "$(ek_msg en name_pin2)" "******__"
dump_and_scan typing
ek_keys Enter
ek_wait_screen "$(ek_msg en step_of step=5 steps=5)"
ek_type "$PIN2"; ek_keys Enter
ek_wait_screen "$DONE_TITLE" 15
dump_and_scan done
ek_card_remove
ek_wait_screen "$WELCOME"
dump_and_scan after

# The activation really used these codes.
ek_card_holds new pin1 "$PIN1" || ek_fail "the card does not hold PIN1"
ek_card_holds new pin2 "$PIN2" || ek_fail "the card does not hold PIN2"

# Nor in the terminal output, the kiosk's stderr or the card's APDU log
# (hex: the digits' ASCII codes, padded or not). The log did see the
# code-carrying RESET RETRY COUNTER commands.
grep -q '^002C0011.*redacted' "$EK_TMP/new.log" ||
	ek_fail "the card log lacks the activation commands"
[ -s "$EK_TMP/tty.out" ] || ek_fail "the terminal output was not recorded"
for code in "$PUK" "$PIN1" "$PIN2"; do
	! grep -qaF -- "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err" ||
		ek_fail "code $code in the terminal output or the kiosk's stderr"
	hex=$(printf '%s' "$code" | od -An -tx1 | tr -d ' \n')
	! grep -qiF -- "$hex" "$EK_TMP/new.log" ||
		ek_fail "code $code (hex $hex) in the card's APDU log"
done
echo "ok: no code in tty.out, kiosk.err or the card log"
ek_end
