# src/kiosk: the kiosk's state machine. The engine (fsm.c) runs the table
# (table.c: rows, states, hooks) over the model (model.c); the app's time
# (timing.c) and records (record.c); one file per feature with its guards
# and actions: card, entry, journey, menu, test, staff, access; the names
# of the model's enums (names.c).
libeidkiosk_a_SOURCES += src/kiosk/fsm.c src/kiosk/table.c \
	src/kiosk/model.c src/kiosk/timing.c src/kiosk/record.c \
	src/kiosk/card.c src/kiosk/entry.c src/kiosk/journey.c \
	src/kiosk/menu.c src/kiosk/test.c src/kiosk/staff.c src/kiosk/access.c \
	src/kiosk/names.c

# The engine over a toy table; scripts of events through the real table,
# its effects recorded.
check_PROGRAMS += tests/unit/test_fsm_engine tests/unit/test_fsm \
	tests/unit/test_fsm_journeys
TESTS += tests/unit/test_fsm_engine tests/unit/test_fsm \
	tests/unit/test_fsm_journeys
tests_unit_test_fsm_engine_SOURCES = tests/unit/test_fsm_engine.c
tests_unit_test_fsm_engine_CFLAGS = $(unit_cflags)
tests_unit_test_fsm_engine_LDADD = $(unit_ldadd)
fsm_test_util = tests/unit/fsm_test_util.c tests/unit/fsm_test_util.h
tests_unit_test_fsm_SOURCES = tests/unit/test_fsm.c $(fsm_test_util)
tests_unit_test_fsm_CFLAGS = $(unit_cflags)
tests_unit_test_fsm_LDADD = $(unit_ldadd)
tests_unit_test_fsm_journeys_SOURCES = tests/unit/test_fsm_journeys.c \
	$(fsm_test_util) $(audit_test_util)
tests_unit_test_fsm_journeys_CFLAGS = $(unit_cflags) -I$(top_srcdir)/src/ops
tests_unit_test_fsm_journeys_LDADD = $(unit_ldadd)
