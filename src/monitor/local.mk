# src/monitor: the staff monitor (socket served by the kiosk's loop, the
# state line, who may connect, and `eidkiosk --monitor`).
libeidkiosk_a_SOURCES += src/monitor/monitor_state.c \
	src/monitor/monitor_peer.c src/monitor/monitor_server.c \
	src/monitor/monitor_client.c

check_PROGRAMS += tests/unit/test_monitor
TESTS += tests/unit/test_monitor
tests_unit_test_monitor_SOURCES = tests/unit/test_monitor.c
tests_unit_test_monitor_CFLAGS = $(unit_cflags)
tests_unit_test_monitor_LDADD = $(unit_ldadd)
