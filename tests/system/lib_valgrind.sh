# lib_valgrind.sh - the valgrind pass of scripts/setup.sh test (EK_VALGRIND=1):
# our programs run under memcheck, and a test fails on any memory error or
# definite leak in any of their runs. Without EK_VALGRIND both do nothing.
#
#   ek_valgrind_wrap "$T" K REC   # $K and $REC now name wrappers in $T/vg
#   ...
#   ek_valgrind_check "$T"        # at the end; non-zero on any finding
# shellcheck shell=bash

# ek_valgrind_wrap DIR VAR...: each VAR names a program; it is replaced by
# a wrapper in DIR/vg that execs it under valgrind (same pid) with its log
# in DIR/vg, a directory open to all (the monitor test runs as other users).
# No vgdb: its /tmp/vgdb-pipe-* files are named by pid, and the pids of the
# tests' namespaces repeat, so another user's run would find them taken.
ek_valgrind_wrap() {
	local dir=$1/vg var real wrap
	shift
	[ -n "${EK_VALGRIND:-}" ] || return 0
	command -v valgrind >/dev/null ||
		{ echo "FAIL: valgrind not found: install the Debian package valgrind" >&2; return 1; }
	mkdir -p "$dir" && chmod 1777 "$dir" || return 1
	for var in "$@"; do
		real=${!var}
		wrap=$dir/${real##*/}
		cat >"$wrap" <<-END || return 1
		#!/bin/sh
		exec valgrind --error-exitcode=97 --leak-check=full --vgdb=no \\
			--child-silent-after-fork=yes \\
			--errors-for-leak-kinds=definite --log-file=$dir/valgrind.%p \\
			'$real' "\$@"
		END
		chmod 755 "$wrap" || return 1
		printf -v "$var" %s "$wrap"
	done
}

# ek_valgrind_check DIR: every run's log ends clean. A run that ended
# before its summary (killed) counts as a finding too: nothing proves it clean.
ek_valgrind_check() {
	local logs bad f
	[ -n "${EK_VALGRIND:-}" ] || return 0
	logs=$(ls "$1"/vg/valgrind.* 2>/dev/null)
	[ -n "$logs" ] ||
		{ echo "FAIL: EK_VALGRIND is set but nothing ran under valgrind" >&2; return 1; }
	bad=$(grep -L 'ERROR SUMMARY: 0 errors' $logs)
	if [ -n "$bad" ]; then
		echo "FAIL: valgrind found errors, or a run ended before its summary:" >&2
		for f in $bad; do
			echo "----- ${f##*/} -----" >&2
			cat "$f" >&2
		done
		return 1
	fi
	echo "ok: valgrind found no errors in $(echo "$logs" | wc -l) runs"
}
