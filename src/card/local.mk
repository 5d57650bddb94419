# src/card: APDUs and T=0 rules, strict TLV, card profiles, FinEID operations
# (pure code over struct card_io); whole card operations; the card service:
# its core and two backends, PC/SC and the virtual card of --demo; and
# --card-info.
libeidkiosk_a_SOURCES += src/card/apdu.c src/card/tlv.c src/card/profile.c \
	src/card/profile_load.c \
	src/card/fineid.c \
	src/card/card_ops.c \
	src/card/service.c \
	src/card/pcsc.c src/card/pcsc_thread.c src/card/pcsc_io.c \
	src/card/pcsc_probe.c \
	src/card/demo.c \
	src/card/cardinfo_cmd.c
dist_pkgsysconf_DATA += conf/cards.conf

card_test_cflags = $(unit_cflags) -DTOP_SRCDIR='"$(abs_top_srcdir)"'

# test_demo: the --demo service without a terminal.
check_PROGRAMS += tests/unit/test_apdu tests/unit/test_tlv \
	tests/unit/test_profile tests/unit/test_fineid tests/unit/test_card_ops \
	tests/unit/test_demo
TESTS += tests/unit/test_apdu tests/unit/test_tlv tests/unit/test_profile \
	tests/unit/test_fineid tests/unit/test_card_ops tests/unit/test_demo
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
tests_unit_test_card_ops_SOURCES = tests/unit/test_card_ops.c \
	tests/unit/card_script.c tests/unit/card_script.h
tests_unit_test_card_ops_CFLAGS = $(unit_cflags)
tests_unit_test_card_ops_LDADD = $(unit_ldadd)
tests_unit_test_demo_SOURCES = tests/unit/test_demo.c
tests_unit_test_demo_CFLAGS = $(card_test_cflags)
tests_unit_test_demo_LDADD = $(unit_ldadd)
