# The kiosk binary: main.c wires the library's modules together; the state
# machine, its actions and the event loop are in the library for the tests.
libeidkiosk_a_SOURCES += src/fsm.c src/fsm_table.c src/app.c \
	src/app_guards.c src/app_actions.c src/app_journey.c src/app_menu.c \
	src/app_test.c src/app_record.c src/app_staff.c src/app_access.c \
	src/diag.c src/loop.c src/narrator.c \
	src/hex.c src/secret_file.c src/staff_code_cmd.c

# The one way to report a failure (cause.h), and the names of the model's
# enums for logs, the audit trail and the monitor (app.h).
libeidkiosk_a_SOURCES += src/cause.c src/app_names.c

bin_PROGRAMS += eidkiosk
eidkiosk_SOURCES = src/main.c
eidkiosk_LDADD = libeidkiosk.a $(LIBS_ALL)

EXTRA_DIST += include/fsm.h include/app.h include/app_rules.h \
	include/loop.h include/narrator.h include/speech.h

# The one hex codec (hex.h), and its cmocka unit test.
check_PROGRAMS += tests/unit/test_hex
TESTS += tests/unit/test_hex
tests_unit_test_hex_SOURCES = tests/unit/test_hex.c
tests_unit_test_hex_CFLAGS = $(unit_cflags)
tests_unit_test_hex_LDADD = $(unit_ldadd)

# Text from outside the program (card names, reader names) cleaned once
# where it comes in: outside.h, and its cmocka unit test.
libeidkiosk_a_SOURCES += src/outside.c
check_PROGRAMS += tests/unit/test_outside
TESTS += tests/unit/test_outside
tests_unit_test_outside_SOURCES = tests/unit/test_outside.c
tests_unit_test_outside_CFLAGS = $(unit_cflags)
tests_unit_test_outside_LDADD = $(unit_ldadd)
