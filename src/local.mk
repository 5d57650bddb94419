# The kiosk binary: main.c wires the library's modules together; the state
# machine, its actions and the event loop are in the library for the tests.
libeidkiosk_a_SOURCES += src/fsm.c src/fsm_table.c src/app.c \
	src/app_guards.c src/app_actions.c src/app_journey.c src/app_menu.c \
	src/app_test.c src/app_record.c src/diag.c src/loop.c src/hex.c

bin_PROGRAMS += eidkiosk
eidkiosk_SOURCES = src/main.c
eidkiosk_LDADD = libeidkiosk.a $(LIBS_ALL)

EXTRA_DIST += include/fsm.h include/app.h include/app_rules.h \
	include/loop.h
