# src/vcard: the virtual FinEID card (model in the library, eidkiosk-vcard
# connects it to vpcd for system tests).
libeidkiosk_a_SOURCES += src/vcard/vcard.c src/vcard/vcard_codes.c \
	src/vcard/vcard_sign.c src/vcard/vcard_ca.c src/vcard/vcard_pki.c \
	src/vcard/vcard_state.c src/vcard/vcard_util.c src/vcard/vcard_gen.c \
	src/vcard/vcard_int.h

bin_PROGRAMS += eidkiosk-vcard
eidkiosk_vcard_SOURCES = src/vcard/vcard_cli.c src/vcard/vcard_run.c \
	src/vcard/vcard_cli.h
eidkiosk_vcard_LDADD = libeidkiosk.a $(LIBS_ALL)

vcard_test_util = tests/unit/vcard_test_util.c tests/unit/vcard_test_util.h
check_PROGRAMS += tests/unit/test_vcard tests/unit/test_vcard_pki
tests_unit_test_vcard_SOURCES = tests/unit/test_vcard.c $(vcard_test_util)
tests_unit_test_vcard_CFLAGS = $(unit_cflags)
tests_unit_test_vcard_LDADD = $(unit_ldadd)
tests_unit_test_vcard_pki_SOURCES = tests/unit/test_vcard_pki.c \
	$(vcard_test_util)
tests_unit_test_vcard_pki_CFLAGS = $(unit_cflags)
tests_unit_test_vcard_pki_LDADD = $(unit_ldadd)
check_PROGRAMS += tests/unit/test_vcard_t0 tests/unit/test_vcard_v31
tests_unit_test_vcard_t0_SOURCES = tests/unit/test_vcard_t0.c $(vcard_test_util)
tests_unit_test_vcard_t0_CFLAGS = $(unit_cflags)
tests_unit_test_vcard_t0_LDADD = $(unit_ldadd)
tests_unit_test_vcard_v31_SOURCES = tests/unit/test_vcard_v31.c \
	$(vcard_test_util)
tests_unit_test_vcard_v31_CFLAGS = $(unit_cflags)
tests_unit_test_vcard_v31_LDADD = $(unit_ldadd)
check_PROGRAMS += tests/unit/test_vcard_run
tests_unit_test_vcard_run_SOURCES = tests/unit/test_vcard_run.c \
	$(vcard_test_util)
tests_unit_test_vcard_run_CFLAGS = $(unit_cflags)
tests_unit_test_vcard_run_LDADD = $(unit_ldadd)
# test_vcard_run starts eidkiosk-vcard: "make check" builds it first (all)
TESTS += tests/unit/test_vcard tests/unit/test_vcard_pki \
	tests/unit/test_vcard_t0 tests/unit/test_vcard_v31 \
	tests/unit/test_vcard_run
