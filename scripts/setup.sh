#!/usr/bin/env bash
# setup.sh - everything a fresh Debian 12 machine needs, in one command.
#   scripts/setup.sh demo    install what is missing, build, start eidkiosk --demo
#   scripts/setup.sh test    install what is missing, build, run every test
#                            (warnings as errors, then again under ASan+UBSan)
#   scripts/setup.sh build   install what is missing and build only
# Run as root (it calls apt-get); a non-root user with every package already
# installed may run it too.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)
# System tests mostly wait (for a screen, a card, a timer): twice as many
# run at once as there are cores.
check_jobs=$((jobs * 2))

# Debian packages the build, the demo and the tests need.
packages=(
	build-essential autoconf automake libtool pkg-config
	libncurses-dev libpcsclite-dev libssl-dev libconfig-dev libcmocka-dev
	libespeak-ng-dev espeak-ng-data libasound2-dev espeak-ng kbd
	pcscd vsmartcard-vpcd opensc pcsc-tools
	tmux iproute2 util-linux procps dialog locales stress-ng
	systemd openssh-server valgrind
	clang libclang-rt-14-dev
)

# Install the packages that are not installed yet, and only those.
install_missing() {
	local missing=() p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: missing Debian packages: ${missing[*]}" >&2
		echo "setup: run this script as root to install them" >&2
		exit 1
	fi
	echo "setup: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A UTF-8 locale, so the screen tests see the real glyphs.
ensure_locale() {
	locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' && return 0
	echo "setup: no C.UTF-8 locale found" >&2
	exit 1
}

# Configure and build in build/NAME with extra configure flags.
build_in() {
	local dir=$1; shift
	[ -x configure ] || ./autogen.sh >/dev/null
	mkdir -p "build/$dir"
	(cd "build/$dir" &&
		{ [ -f Makefile ] || "$top/configure" -q --prefix="$top/build/$dir/stage" "$@"; } &&
		make -s -j"$jobs")
}

# check_in DIR [TARGET [NAME]]: make TARGET (default check) in build/DIR;
# print the summary line CI reads ("NAME: N passed, M failed").
check_in() {
	local dir=$1 target=${2:-check} name=${3:-$1} rc=0
	(cd "build/$dir" && make -s -j"$check_jobs" "$target") || rc=$?
	local log="build/$dir/test-suite.log"
	if [ -f "$log" ]; then
		local pass fail
		pass=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
		fail=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
		echo "$name: ${pass:-0} passed, ${fail:-0} failed"
		[ "$rc" -ne 0 ] && sed -n '/^FAIL\|^ERROR/,$p' "$log" | head -200
	fi
	return "$rc"
}

# make install puts every binary, config, language, theme and man page in place.
check_install() {
	local stage=$top/build/main/stage f
	rm -rf "$stage"
	make -s -C build/main install >/dev/null
	for f in bin/eidkiosk bin/eidkiosk-vcard etc/eidkiosk/eidkiosk.conf \
		etc/eidkiosk/cards.conf etc/eidkiosk/lang/fi.conf etc/eidkiosk/lang/sv.conf \
		etc/eidkiosk/lang/en.conf etc/eidkiosk/themes/default.theme \
		etc/eidkiosk/themes/high-contrast.theme etc/eidkiosk/themes/mono.theme \
		share/man/man1/eidkiosk.1 share/man/man1/eidkiosk-vcard.1 \
		share/man/man5/eidkiosk.conf.5 lib/systemd/system/eidkiosk.service \
		libexec/eidkiosk/eidkiosk-speech; do
		[ -e "$stage/$f" ] || { echo "install: missing $f" >&2; return 1; }
	done
	"$stage/bin/eidkiosk" --check-config >/dev/null
	echo "install: 1 passed, 0 failed"
}

cmd=${1:-demo}
install_missing
ensure_locale
case "$cmd" in
build)
	build_in main --enable-werror
	;;
demo)
	build_in main
	make -s -C build/main install >/dev/null
	exec build/main/stage/bin/eidkiosk --demo
	;;
test)
	build_in main --enable-werror
	# The whole suite runs twice: the unit tests here and every system
	# test with the kiosk (every mode), the card driver and the audit
	# writer under valgrind memcheck, failing on any memory error or
	# definite leak (tests/system/lib_valgrind.sh); then everything but
	# the fault matrices (make check-sanitizers) under ASan+UBSan below.
	check_in main check-unit unit
	check_in main check-valgrind valgrind
	check_install
	# The tarball builds, installs and builds its test programs; the suite
	# itself already ran above and runs again under the sanitizers below.
	make -s -j"$jobs" -C build/main distcheck TESTS= >/dev/null
	echo "distcheck: 1 passed, 0 failed"
	build_in asan --enable-werror --enable-sanitizers
	check_in asan check-sanitizers asan
	# Every libFuzzer target for 5 s from its regressions and seeds
	# (fuzz/README.md); clang builds the library again in build/fuzz.
	fuzz/run 5
	;;
*)
	echo "usage: scripts/setup.sh demo|test|build" >&2
	exit 2
	;;
esac
