# The kiosk binary: main.c wires the library's modules together; the event
# loop is in the library for the tests (the state machine: src/kiosk).
libeidkiosk_a_SOURCES += src/diag.c src/loop.c \
	src/hex.c src/secret_file.c src/staff_code_cmd.c

# The one way to report a failure (cause.h), and the one monotonic clock
# in milliseconds (mono.h).
libeidkiosk_a_SOURCES += src/cause.c src/mono.c

bin_PROGRAMS += eidkiosk
eidkiosk_SOURCES = src/main.c
eidkiosk_LDADD = libeidkiosk.a $(LIBS_ALL)

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
