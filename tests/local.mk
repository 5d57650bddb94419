# tests: added by each test area

# The seams between the parts, kept by the sources (no build needed).
TESTS += tests/code_layers.sh
EXTRA_DIST += tests/code_layers.sh

# The fault matrix and input abuse on the real kiosk: every
# fault at every command of each journey's card operation, pcscd killed at
# each step, the reader unplugged and back, and floods, pastes, escape
# sequences and resize storms. First
# in the list: make -j2 starts these long ones while the short ones fill
# the other slot.
kiosk_tests_faults = \
	tests/system/fault_matrix_activate.sh \
	tests/system/fault_matrix_journeys.sh \
	tests/system/fault_matrix_test.sh \
	tests/system/fault_matrix_pcscd.sh \
	tests/system/fault_matrix_pcscd_menu.sh \
	tests/system/kiosk_no_reader.sh \
	tests/system/kiosk_abuse.sh
TESTS += $(kiosk_tests_faults)
EXTRA_DIST += $(kiosk_tests_faults) tests/system/fault_matrix_lib.sh \
	tests/system/lib_memory.sh

# Card layer system tests: each runs in its own namespaces with a private
# pcscd + vpcd (tests/system/lib.sh), eidkiosk-vcard as the card and
# tests/system/cardop (a driver over include/card.h) as the client.
check_PROGRAMS += tests/system/cardop
tests_system_cardop_SOURCES = tests/system/cardop.c
tests_system_cardop_LDADD = libeidkiosk.a $(LIBS_ALL)
card_system_tests = \
	tests/system/card_info_2022.sh \
	tests/system/card_info_2025.sh \
	tests/system/card_activate.sh \
	tests/system/card_wrong_code.sh \
	tests/system/card_wrong_length.sh \
	tests/system/card_sign.sh \
	tests/system/card_chain.sh \
	tests/system/card_vanish_before.sh \
	tests/system/card_vanish_after.sh \
	tests/system/card_faults.sh \
	tests/system/card_service.sh \
	tests/system/card_events.sh \
	tests/system/card_opensc.sh \
	tests/system/card_t0_strict.sh \
	tests/system/card_v31.sh
TESTS += $(card_system_tests) tests/system/kiosk_activate.sh
EXTRA_DIST += tests/system/lib.sh tests/system/card_vanish_lib.sh \
	$(card_system_tests) tests/system/kiosk_activate.sh

# The journeys of an activated card on the kiosk.
kiosk_journey_tests = \
	tests/system/kiosk_unblock.sh \
	tests/system/kiosk_change.sh \
	tests/system/kiosk_test_card.sh \
	tests/system/kiosk_end_states.sh \
	tests/system/kiosk_service.sh \
	tests/system/kiosk_staff_code.sh \
	tests/system/kiosk_audit_full.sh
TESTS += $(kiosk_journey_tests)
EXTRA_DIST += $(kiosk_journey_tests)

# The cards citizens really carry: FinEID v3.1, another v4
# applet version, cards no profile serves, the 8-digit activation code.
kiosk_card_tests = \
	tests/system/kiosk_v31.sh \
	tests/system/kiosk_cards.sh
TESTS += $(kiosk_card_tests)
EXTRA_DIST += $(kiosk_card_tests)

# The staff monitor: a misbehaving client, and the test.
check_PROGRAMS += tests/system/monclient
tests_system_monclient_SOURCES = tests/system/monclient.c
TESTS += tests/system/kiosk_monitor.sh
EXTRA_DIST += tests/system/kiosk_monitor.sh

# Several kiosks on one machine: one kiosk per card, each
# kiosk's own names (--terminal), the site's pcscd socket, and a pcscd of
# another protocol version (tests/system/pcscd_other plays it).
check_PROGRAMS += tests/system/pcscd_other
tests_system_pcscd_other_SOURCES = tests/system/pcscd_other.c
kiosk_terminal_tests = \
	tests/system/kiosk_two_kiosks.sh \
	tests/system/kiosk_pcscd_socket.sh \
	tests/system/kiosk_hangup.sh
TESTS += $(kiosk_terminal_tests)
EXTRA_DIST += $(kiosk_terminal_tests)

# Kiosk screens, part A: languages, resuming, wrong codes, PIN rules.
kiosk_tests_a = \
	tests/system/kiosk_languages.sh \
	tests/system/kiosk_resume.sh \
	tests/system/kiosk_rules.sh \
	tests/system/kiosk_wrong_codes.sh
TESTS += $(kiosk_tests_a)
EXTRA_DIST += $(kiosk_tests_a)

# Kiosk screens, part B: timeouts, language and size, broken
# configuration, exits and signals, codes in memory (tests/system/memscan
# searches the running kiosk and says where a code lies).
check_PROGRAMS += tests/system/memscan
tests_system_memscan_SOURCES = tests/system/memscan.c
kiosk_tests_b = \
	tests/system/kiosk_timeouts.sh tests/system/kiosk_speech.sh \
	tests/system/kiosk_keypad.sh \
	tests/system/kiosk_screen.sh \
	tests/system/kiosk_config_errors.sh \
	tests/system/kiosk_exit.sh \
	tests/system/kiosk_memory.sh \
	tests/system/kiosk_stress.sh
TESTS += $(kiosk_tests_b)
EXTRA_DIST += $(kiosk_tests_b)

# Screens that never mislead: every ending in fi, sv and en.
TESTS += tests/system/kiosk_endings.sh
EXTRA_DIST += tests/system/kiosk_endings.sh

# Operating the kiosk: the audit trail through a driver and
# eidkiosk --verify-audit, and what it survives: a cut tail, a
# rewound file and a stolen key (audit_forward.sh), a full filesystem
# (audit_full.sh); the systemd unit and the sshd example checked by the
# tools that read them.
check_PROGRAMS += tests/system/auditrec
tests_system_auditrec_SOURCES = tests/system/auditrec.c
tests_system_auditrec_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/ops
tests_system_auditrec_LDADD = libeidkiosk.a $(LIBS_ALL)
kiosk_tests_ops = tests/system/audit_verify.sh tests/system/audit_forward.sh \
	tests/system/audit_full.sh tests/system/deploy_systemd.sh
TESTS += $(kiosk_tests_ops)
EXTRA_DIST += $(kiosk_tests_ops) tests/system/lib_audit.sh

# Text from outside: a hostile card in a hostile reader reaches
# no output raw.
TESTS += tests/system/kiosk_hostile.sh
EXTRA_DIST += tests/system/kiosk_hostile.sh

# The citizen's kiosk over SSH: a real sshd and ssh client on
# loopback in the test's namespaces, with the shipped sshd example and a
# terminal account of the test's own (tests/system/lib_ssh.sh); the reader
# on the terminal's side through a forwarded pcscd socket; a slow link
# (tests/system/relay delays and counts each direction).
check_PROGRAMS += tests/system/relay
tests_system_relay_SOURCES = tests/system/relay.c
kiosk_ssh_tests = tests/system/kiosk_ssh.sh tests/system/kiosk_ssh_reader.sh \
	tests/system/kiosk_ssh_slow.sh
TESTS += $(kiosk_ssh_tests)
EXTRA_DIST += $(kiosk_ssh_tests) tests/system/lib_ssh.sh


# The two halves of make check for scripts/setup.sh test: the unit tests,
# and every system test with our programs under valgrind memcheck
# (tests/system/lib_valgrind.sh; deadlines stretch 6x, the kiosk starts in
# seconds there). The sanitizer build runs the whole suite as it is.
check-unit: all $(check_PROGRAMS)
	$(MAKE) $(AM_MAKEFLAGS) check \
		TESTS="$(filter-out tests/system/%,$(TESTS))"
check-valgrind: all $(check_PROGRAMS)
	EK_VALGRIND=1 EK_TIME_SCALE=6 $(MAKE) $(AM_MAKEFLAGS) check \
		TESTS="$(filter tests/system/%,$(TESTS))"

# The sanitizer pass of scripts/setup.sh test: everything but the tests
# that spend their minutes waiting rather than running code the others do
# not (the fault matrices on mute cards and killed daemons, kiosk_timeouts
# on its countdowns, kiosk_stress on rounds of the endings kiosk_endings
# runs): the valgrind pass runs those with every program checked, and
# CI's 20 minutes go where they find most.
sanitizer_skips = tests/system/fault_matrix_% tests/system/kiosk_timeouts.sh \
	tests/system/kiosk_stress.sh
check-sanitizers: all $(check_PROGRAMS)
	$(MAKE) $(AM_MAKEFLAGS) check \
		TESTS="$(filter-out $(sanitizer_skips),$(TESTS))"

# The whole suite, plain and under valgrind, twice in a row on a machine kept
# busy on purpose: a CPU hog per core (stress-ng) runs for as
# long as the suite does. Too long for CI's budget: make -j4 check-busy.
check-busy: all $(check_PROGRAMS)
	@command -v stress-ng >/dev/null || \
		{ echo "stress-ng not found: install the Debian package stress-ng"; exit 1; }
	@stress-ng --cpu "`nproc`" --timeout 4h --quiet & load=$$!; rc=0; \
	trap 'kill $$load 2>/dev/null' EXIT INT TERM; \
	for run in 1 2; do \
		echo "check-busy: run $$run of 2, load average `cut -d' ' -f1 /proc/loadavg`"; \
		$(MAKE) $(AM_MAKEFLAGS) check && \
		$(MAKE) $(AM_MAKEFLAGS) check-valgrind || { rc=1; break; }; \
	done; exit $$rc
.PHONY: check-unit check-valgrind check-sanitizers check-busy
