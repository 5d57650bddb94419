# src/card: APDUs and T=0 rules, strict TLV, card profiles, FinEID operations
# (pure code over struct card_io; the PC/SC side is in service.mk).
libeidkiosk_a_SOURCES += src/card/apdu.c src/card/tlv.c src/card/profile.c \
	src/card/profile_load.c \
	src/card/fineid.c
dist_pkgsysconf_DATA += conf/cards.conf

card_test_cflags = $(unit_cflags) -DTOP_SRCDIR='"$(abs_top_srcdir)"'

check_PROGRAMS += tests/unit/test_apdu tests/unit/test_tlv \
	tests/unit/test_profile tests/unit/test_fineid
TESTS += tests/unit/test_apdu tests/unit/test_tlv tests/unit/test_profile \
	tests/unit/test_fineid
tests_unit_test_apdu_SOURCES = tests/unit/test_apdu.c \
	tests/unit/card_script.c tests/unit/card_script.h
tests_unit_test_apdu_CFLAGS = $(unit_cflags)
tests_unit_test_apdu_LDADD = $(unit_ldadd)
tests_unit_test_tlv_SOURCES = tests/unit/test_tlv.c
tests_unit_test_tlv_CFLAGS = $(unit_cflags)
tests_unit_test_tlv_LDADD = $(unit_ldadd)
tests_unit_test_profile_SOURCES = tests/unit/test_profile.c
tests_unit_test_profile_CFLAGS = $(card_test_cflags)
tests_unit_test_profile_LDADD = $(unit_ldadd)
tests_unit_test_fineid_SOURCES = tests/unit/test_fineid.c \
	tests/unit/card_script.c tests/unit/card_script.h
tests_unit_test_fineid_CFLAGS = $(unit_cflags)
tests_unit_test_fineid_LDADD = $(unit_ldadd)
