# src/ops: operating the kiosk - the chained audit trail (syslog and a local
# file, HMAC-SHA256 under a key that evolves per record, records held while
# the file cannot be written), eidkiosk --verify-audit, and the files an
# operator installs: the systemd unit and the sshd example for the staff.
libeidkiosk_a_SOURCES += src/ops/audit.c src/ops/audit_line.c \
	src/ops/audit_key.c src/ops/audit_verify.c src/ops/audit_queue.c \
	src/ops/audit_tail.c
noinst_HEADERS += src/ops/audit_int.h
dist_man_MANS += man/eidkiosk.conf.5

audit_test_util = tests/unit/audit_test_util.c tests/unit/audit_test_util.h
check_PROGRAMS += tests/unit/test_audit tests/unit/test_audit_writer
TESTS += tests/unit/test_audit tests/unit/test_audit_writer
tests_unit_test_audit_SOURCES = tests/unit/test_audit.c $(audit_test_util)
tests_unit_test_audit_CFLAGS = $(unit_cflags) -I$(top_srcdir)/src/ops
tests_unit_test_audit_LDADD = $(unit_ldadd)
tests_unit_test_audit_writer_SOURCES = tests/unit/test_audit_writer.c \
	$(audit_test_util)
tests_unit_test_audit_writer_CFLAGS = $(unit_cflags) -I$(top_srcdir)/src/ops
tests_unit_test_audit_writer_LDADD = $(unit_ldadd)


# What an operator installs: the systemd unit, and the sshd blocks for the
# staff and for citizens' terminals as examples, all with the
# installed program's path.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = eidkiosk.service
sshdexampledir = $(docdir)/examples/sshd_config.d
sshdexample_DATA = eidkiosk-staff.conf eidkiosk-terminal.conf
CLEANFILES += eidkiosk.service $(sshdexample_DATA)
EXTRA_DIST += conf/eidkiosk.service.in \
	conf/sshd_config.d/eidkiosk-staff.conf.in \
	conf/sshd_config.d/eidkiosk-terminal.conf.in
ops_subst = sed -e 's|@bindir[@]|$(bindir)|g'
eidkiosk.service: $(top_srcdir)/conf/eidkiosk.service.in Makefile
	$(AM_V_GEN)$(ops_subst) $(top_srcdir)/conf/eidkiosk.service.in >$@.tmp && \
	mv $@.tmp $@
eidkiosk-staff.conf eidkiosk-terminal.conf: %.conf: \
		$(top_srcdir)/conf/sshd_config.d/%.conf.in Makefile
	$(AM_V_GEN)$(ops_subst) $(top_srcdir)/conf/sshd_config.d/$@.in >$@.tmp && \
	mv $@.tmp $@
