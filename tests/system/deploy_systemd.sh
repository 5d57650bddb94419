# deploy_systemd.sh - what an operator installs. `make install` (into a
# DESTDIR) puts the systemd unit with the installed program's path, its man
# pages and the sshd examples in place; `systemd-analyze verify` accepts the
# installed unit without a single warning (the program and the man pages it
# names found); the console lock-down is installed under sysconfdir, and
# systemd's own tools, reading it as /etc, find each drop-in and see
# ctrl-alt-del.target and getty-static.service masked, the unit verifying
# clean next to them; Debian's own sshd_config with the staff and terminal
# blocks in sshd_config.d passes `sshd -t`, the terminal block names the
# installed program, and the staff block gives staff the monitor and
# nothing else. Runs in a private mount namespace: sshd needs /run/sshd, and
# the machine's /run and /etc/ssh are never touched.
: "${top_srcdir:?top_srcdir not set (run through make check)}"
: "${top_builddir:?top_builddir not set (run through make check)}"

SSHD=/usr/sbin/sshd

fail() {
	echo "FAIL: $*"
	exit 1
}

# need TOOL PACKAGE: fail naming the Debian package when a tool is missing.
need() {
	command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] ||
		fail "$1 not found: install the Debian package $2"
}

if [ -z "${EK_DEPLOY_NS:-}" ]; then
	need systemd-analyze systemd
	need "$SSHD" openssh-server
	need ssh-keygen openssh-client
	need unshare util-linux
	[ -f /etc/ssh/sshd_config ] ||
		fail "/etc/ssh/sshd_config not found: install the Debian package openssh-server"
	export EK_DEPLOY_NS=1
	set -- --mount --propagation private "${BASH:-bash}" "$0"
	[ "$(id -u)" -eq 0 ] || set -- --map-root-user "$@"
	exec unshare "$@"
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D=$T/dest

# 1. Install into a DESTDIR; find the unit, the sshd example and the man
# pages where make put them.
make -s -C "$top_builddir" install DESTDIR="$D" >"$T/install.log" 2>&1 ||
	{ cat "$T/install.log"; fail "make install DESTDIR=... failed"; }
unit=$(find "$D" -path '*/lib/systemd/system/eidkiosk.service')
staff=$(find "$D" -path '*/examples/sshd_config.d/eidkiosk-staff.conf')
man5=$(find "$D" -path '*/man5/eidkiosk.conf.5')
[ -f "$unit" ] || fail "make install put no lib/systemd/system/eidkiosk.service"
[ -f "$staff" ] || fail "make install put no examples/sshd_config.d/eidkiosk-staff.conf"
[ -f "$man5" ] || fail "make install put no man5/eidkiosk.conf.5"
grep -q '@[a-z]*@' "$unit" "$staff" && fail "a placeholder was left: $(grep '@[a-z]*@' "$unit" "$staff")"

# The unit names the installed program (bindir substituted).
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
bin=${exec_start%% *}
[ -x "$D$bin" ] || fail "ExecStart=$exec_start: $D$bin is not the installed program"
grep -qx "	ForceCommand $bin --monitor" "$staff" ||
	fail "the sshd block does not force '$bin --monitor': $(grep ForceCommand "$staff")"
terminal=$(find "$D" -path '*/examples/sshd_config.d/eidkiosk-terminal.conf')
[ -f "$terminal" ] || fail "make install put no examples/sshd_config.d/eidkiosk-terminal.conf"
grep -q '@[a-z]*@' "$terminal" && fail "a placeholder was left: $(grep '@[a-z]*@' "$terminal")"
grep -qxF "	ForceCommand exec $bin --terminal \"\$USER\"" "$terminal" ||
	fail "the terminal block does not force '$bin --terminal': $(grep ForceCommand "$terminal")"
for want in TTYPath=/dev/tty1 StandardInput=tty Restart=on-failure \
	Conflicts=getty@tty1.service NoNewPrivileges=yes ProtectSystem=strict \
	ProtectHome=yes PrivateTmp=yes RuntimeDirectory=eidkiosk LogsDirectory=eidkiosk \
	StateDirectory=eidkiosk LimitCORE=0 \
	CapabilityBoundingSet=CAP_SYS_TTY_CONFIG AmbientCapabilities=CAP_SYS_TTY_CONFIG; do
	grep -qx "$want" "$unit" || fail "the unit lacks $want"
done

# The console lock-down: each file where make put it, saying what it must.
sysctl=$(find "$D" -path '*/sysctl.d/90-eidkiosk.conf')
[ -f "$sysctl" ] || fail "make install put no sysctl.d/90-eidkiosk.conf"
etc=${sysctl%/sysctl.d/*}
logind=$etc/systemd/logind.conf.d/eidkiosk.conf
manager=$etc/systemd/system.conf.d/eidkiosk.conf
for want in "$sysctl:kernel.sysrq = 0" "$logind:[Login]" "$logind:NAutoVTs=0" \
	"$logind:ReserveVT=0" "$manager:[Manager]" "$manager:CtrlAltDelBurstAction=none"; do
	grep -qxF "${want#*:}" "${want%%:*}" 2>/dev/null ||
		fail "${want%%:*} lacks '${want#*:}'"
done
for m in ctrl-alt-del.target getty-static.service; do
	[ "$(readlink "$etc/systemd/system/$m")" = /dev/null ] ||
		fail "make install did not mask $m ($etc/systemd/system/$m)"
done
# Keys this machine knows: the kernel's sysctl (a kernel built without
# SysRq has none, and nothing to turn off), logind's and systemd's settings
# (their names are in the daemons' parser tables).
[ -e /proc/sys/kernel/sysrq ] ||
	echo "note: this kernel has no SysRq (/proc/sys/kernel/sysrq); Debian's has"
for want in /lib/systemd/systemd-logind:Login.NAutoVTs \
	/lib/systemd/systemd-logind:Login.ReserveVT /lib/systemd/systemd:CtrlAltDelBurstAction; do
	grep -qaF "${want#*:}" "${want%%:*}" || fail "${want%%:*} does not know ${want#*:}"
done
# Read as /etc by systemd's tools: every drop-in found where systemd
# looks, the masks are masks.
R=$T/root
mkdir "$R"
cp -a "$etc" "$R/etc"
for c in sysctl.d:sysctl.d/90-eidkiosk.conf systemd/logind.conf:logind.conf.d/eidkiosk.conf \
	systemd/system.conf:system.conf.d/eidkiosk.conf; do
	systemd-analyze --root="$R" cat-config "${c%%:*}" 2>&1 | grep -q "^# $R/etc/.*${c#*:}\$" ||
		fail "systemd-analyze cat-config ${c%%:*} does not read ${c#*:}"
done
masked=$(systemctl --root="$R" is-enabled ctrl-alt-del.target getty-static.service 2>&1)
[ "$(echo $masked)" = "masked masked" ] ||
	fail "systemctl is-enabled: ctrl-alt-del.target getty-static.service: $masked"

# 2. systemd-analyze verify on the installed unit: the program under DESTDIR
# stands in for the installed one, the man pages are found in DESTDIR's
# man tree, the masks are in the unit path. Exit 0 and no output about the
# unit at all.
mkdir "$T/unit"
sed "s|^ExecStart=$bin|ExecStart=$D$bin|" "$unit" >"$T/unit/eidkiosk.service"
MANPATH=${man5%/man5/*} SYSTEMD_LOG_COLOR=0 SYSTEMD_UNIT_PATH="$R/etc/systemd/system:" \
	systemd-analyze verify "$T/unit/eidkiosk.service" >"$T/verify.out" 2>&1
rc=$?
cat "$T/verify.out"
[ "$rc" -eq 0 ] || fail "systemd-analyze verify exited $rc"
grep -q eidkiosk "$T/verify.out" && fail "systemd-analyze verify warned about the unit"

# 3. Debian's sshd_config includes sshd_config.d/*.conf: put the example
# there (a private bind mount) and let sshd check the whole configuration.
mount -t tmpfs tmpfs /run || fail "cannot mount a private /run"
mkdir -m 755 /run/sshd
mkdir "$T/sshd.d"
cp "$staff" "$terminal" "$T/sshd.d/"
mount --bind "$T/sshd.d" /etc/ssh/sshd_config.d || fail "cannot bind sshd_config.d"
grep -q '^Include /etc/ssh/sshd_config.d/\*\.conf' /etc/ssh/sshd_config ||
	fail "/etc/ssh/sshd_config does not include sshd_config.d/*.conf"
ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey" || fail "ssh-keygen failed"
"$SSHD" -t -f /etc/ssh/sshd_config -h "$T/hostkey" >"$T/sshd.out" 2>&1 ||
	{ cat "$T/sshd.out"; fail "sshd -t refused the configuration with the staff and terminal blocks"; }

# What the block gives a member (evaluated with sshd -T for a user standing
# in for the group, as sshd cannot be told a test user's groups): the
# monitor, no forwarding, no terminal; others keep Debian's settings.
sed 's/^Match Group eidkiosk-staff$/Match User nobody/' "$staff" >"$T/sshd.d/eidkiosk-staff.conf"
grep -q '^Match User nobody$' "$T/sshd.d/eidkiosk-staff.conf" || fail "no 'Match Group eidkiosk-staff' line"
"$SSHD" -T -f /etc/ssh/sshd_config -h "$T/hostkey" -C user=nobody,host=h,addr=192.0.2.1 \
	>"$T/member" 2>&1 || { cat "$T/member"; fail "sshd -T (member) failed"; }
"$SSHD" -T -f /etc/ssh/sshd_config -h "$T/hostkey" -C user=root,host=h,addr=192.0.2.1 \
	>"$T/other" 2>&1 || { cat "$T/other"; fail "sshd -T (other) failed"; }
for want in "forcecommand $bin --monitor" "disableforwarding yes" \
	"allowtcpforwarding no" "allowagentforwarding no" "x11forwarding no" \
	"permittunnel no" "permittty no" "permituserrc no"; do
	grep -qx "$want" "$T/member" || fail "member: sshd -T lacks '$want': $(grep "^${want%% *} " "$T/member")"
done
grep -qx 'forcecommand none' "$T/other" ||
	fail "the staff block applies to others too: $(grep '^forcecommand ' "$T/other")"

echo "ok: systemd unit, console lock-down and the sshd staff and terminal blocks"
