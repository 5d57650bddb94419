# The console lock-down that goes with the unit, installed
# under sysconfdir, where systemd reads a site's own settings when
# configured with --sysconfdir=/etc: SysRq off, no getty on another VT,
# Ctrl-Alt-Del masked (ctrl-alt-del.target and getty-static.service linked
# to /dev/null, as `systemctl mask` does) and its burst reboot off. VT
# switching and the Scroll Lock key are locked by the kiosk (src/ui/vt.c).
consolesysctldir = $(sysconfdir)/sysctl.d
dist_consolesysctl_DATA = conf/console/sysctl.d/90-eidkiosk.conf
consoleloginddir = $(sysconfdir)/systemd/logind.conf.d
dist_consolelogind_DATA = conf/console/logind.conf.d/eidkiosk.conf
consolemanagerdir = $(sysconfdir)/systemd/system.conf.d
dist_consolemanager_DATA = conf/console/system.conf.d/eidkiosk.conf
consolemaskdir = $(sysconfdir)/systemd/system
console_masks = ctrl-alt-del.target getty-static.service

install-data-local: install-console-masks
uninstall-local: uninstall-console-masks
install-console-masks:
	$(MKDIR_P) '$(DESTDIR)$(consolemaskdir)'
	for u in $(console_masks); do \
		ln -sfn /dev/null '$(DESTDIR)$(consolemaskdir)'/$$u || exit 1; \
	done
uninstall-console-masks:
	for u in $(console_masks); do \
		rm -f '$(DESTDIR)$(consolemaskdir)'/$$u; \
	done
.PHONY: install-console-masks uninstall-console-masks
