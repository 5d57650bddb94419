# lib_memory.sh - the kiosk's memory searched for the codes the citizen
# typed. Sourced after lib.sh and lib_screen.sh.
#
# The kiosk sets RLIMIT_CORE 0 and PR_SET_DUMPABLE 0 (secret.c), so it never
# writes a core; tests/system/memscan reads what a core would hold through
# /proc/PID/mem, which a non-dumpable process allows to a reader with
# CAP_SYS_PTRACE in its user namespace: we are (mapped) root in the test's
# namespaces. It also reads the locked secret arena (left out of cores)
# unless a journey holds codes there now, and it says where each code it
# finds lies: the mapping, the offset and the bytes around it.
# shellcheck shell=bash

EK_MEMSCAN=$top_builddir/tests/system/memscan

# ek_scan_memory [--held] NAME CODE...: search the running kiosk now and
# fail, showing where, if any code is in its memory. --held: a journey is
# underway, its codes may be in the secret arena (and only there). The
# same scan must find the welcome title, so a scan that cannot see text
# fails too.
ek_scan_memory() {
	local held=() name pid out rc=0
	[ "$1" = --held ] && { held=(--held); shift; }
	name=$1
	shift
	[ -x "$EK_MEMSCAN" ] || ek_fail "no $EK_MEMSCAN: build the test programs (make check)"
	pid=$(ek_kiosk_pid)
	out=$("$EK_MEMSCAN" "${held[@]}" --text "$(ek_msg en welcome_title)" \
		"$pid" "$@" 2>&1) || rc=$?
	case $rc in
	0) echo "ok: $name: ${out##*memscan: }" ;;
	1) ek_fail "$name: a code is in the kiosk's memory:
$out" ;;
	*) ek_fail "$name: the kiosk's memory could not be searched: $out" ;;
	esac
}
