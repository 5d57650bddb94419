# card service: PC/SC thread, whole card operations, --card-info
libeidkiosk_a_SOURCES += src/card/pcsc.c src/card/pcsc_thread.c \
	src/card/pcsc_io.c src/card/pcsc_probe.c src/card/pcsc_int.h \
	src/card/card_ops.c \
	src/card/cardinfo_cmd.c src/card/card_wait.c

check_PROGRAMS += tests/unit/test_card_ops
TESTS += tests/unit/test_card_ops
tests_unit_test_card_ops_SOURCES = tests/unit/test_card_ops.c \
	tests/unit/card_script.c tests/unit/card_script.h
tests_unit_test_card_ops_CFLAGS = $(unit_cflags)
tests_unit_test_card_ops_LDADD = $(unit_ldadd)
