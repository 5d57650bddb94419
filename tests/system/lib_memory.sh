# lib_memory.sh - what a core dump of the kiosk would hold, searched for the
# codes the citizen typed. Sourced after lib.sh and lib_screen.sh.
#
# The kiosk sets RLIMIT_CORE 0 and PR_SET_DUMPABLE 0 (secret.c), so it never
# writes a core itself; gcore attaches with ptrace, which a non-dumpable
# process allows to a tracer with CAP_SYS_PTRACE in its user namespace: we
# are (mapped) root in the test's namespaces. gcore honours MADV_DONTDUMP
# like the kernel, so the locked secret arena is left out, as it would be
# from a crash dump.
# shellcheck shell=bash

# ek_codes_re CODE...: the forms the codes could take in memory, as one
# grep -P pattern: their ASCII digits (this covers the APDU encoding too,
# the digits right-padded with 0x00 or 0xFF), and one int per digit (how
# curses queues keys).
ek_codes_re() {
	local re='' code
	for code in "$@"; do
		re="$re|$code|$(printf '%s' "$code" | sed 's/./&\\x00\\x00\\x00/g')"
	done
	echo "${re#|}"
}

# ek_mem_dump PID OUT: what a core would hold, read from /proc/PID/mem:
# as gcore and the kernel's default coredump_filter, every readable mapping
# that is writable or anonymous (not the read-only pages of the program
# and its libraries: their string literals hold digits too), and not
# marked "dd" (MADV_DONTDUMP). For sanitizer builds, whose runtime
# reserves terabytes of PROT_NONE address space that gcore writes out as
# sparse sections (minutes per dump).
ek_mem_dump() {
	local pid=$1 out=$2 range perms start end
	: >"$out"
	awk '/^[0-9a-f]+-[0-9a-f]+ / {
			m = ($2 ~ /w/ || $6 == "" || $6 ~ /^\[/) ? $1 " " $2 : ""
		}
		/^VmFlags:/ { if (m != "" && m !~ / ---/ && $0 !~ / dd/) print m }' \
		"/proc/$pid/smaps" >"$EK_TMP/maps" || return 1
	while read -r range perms; do
		case $perms in r*) ;; *) continue ;; esac
		start=$((16#${range%-*})) end=$((16#${range#*-}))
		# ([vvar] and the like cannot be read: skipped)
		dd if="/proc/$pid/mem" bs=1M iflag=skip_bytes,count_bytes \
			skip="$start" count=$((end - start)) 2>/dev/null >>"$out" || true
	done <"$EK_TMP/maps"
}

# ek_scan_memory NAME CODE...: dump the running kiosk now (gcore, or
# ek_mem_dump under a sanitizer runtime) and fail if any code is in it.
# The same scan must find the welcome title, so a scan that cannot see
# text fails too.
ek_scan_memory() {
	local name=$1 pid core re rc=0
	shift
	ek_need gcore gdb
	pid=$(ek_kiosk_pid)
	core=$EK_TMP/$name.$pid
	re=$(ek_codes_re "$@")
	if grep -q 'lib[a-z]*san\.so' "/proc/$pid/maps"; then
		ek_mem_dump "$pid" "$core" || ek_fail "cannot read /proc/$pid"
	else
		gcore -o "$EK_TMP/$name" "$pid" >"$EK_TMP/gcore.log" 2>&1 ||
			ek_fail "gcore could not dump the kiosk: $(tail -n 3 "$EK_TMP/gcore.log")"
	fi
	[ "$(stat -c %s "$core")" -gt 1000000 ] || ek_fail "$name: the core is too small"
	LC_ALL=C grep -qaF -- "$(ek_msg en welcome_title)" "$core" ||
		ek_fail "$name: the core lacks the screen texts"
	LC_ALL=C grep -qaP -- "$re" "$core" || rc=$?
	[ "$rc" -ne 0 ] || ek_fail "$name: a code is in the core:
$(LC_ALL=C grep -aoP -- "$re" "$core" | od -c | head -n 4)"
	[ "$rc" -eq 1 ] || ek_fail "$name: grep could not scan the core"
	echo "ok: $name: no code in a core of $(stat -c %s "$core") bytes"
	rm -f "$core"
}
