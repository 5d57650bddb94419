# src/ui: screens, widgets, the terminal.
libeidkiosk_a_SOURCES += src/ui/text.c src/ui/countdown.c src/ui/widgets.c \
	src/ui/tty.c src/ui/vt.c src/ui/vt.h src/ui/ui.c src/ui/ui_draw.c src/ui/ui_int.h \
	src/ui/scr_common.c src/ui/scr_welcome.c src/ui/scr_wait.c \
	src/ui/scr_intro.c src/ui/scr_entry.c src/ui/scr_same.c \
	src/ui/scr_end.c src/ui/scr_removed.c src/ui/scr_staff.c \
	src/ui/scr_menu.c src/ui/scr_info.c src/ui/scr_cert.c \
	src/ui/scr_tested.c src/ui/scr_out.c src/ui/scr_idle.c

check_PROGRAMS += tests/unit/test_widgets
TESTS += tests/unit/test_widgets
tests_unit_test_widgets_SOURCES = tests/unit/test_widgets.c
tests_unit_test_widgets_CFLAGS = $(unit_cflags)
tests_unit_test_widgets_LDADD = $(unit_ldadd)

# The console lock (vt.c): nothing on a pty; on a real VT only when
# EK_TEST_VT names it (it changes the machine's console for a moment).
check_PROGRAMS += tests/unit/test_vt
TESTS += tests/unit/test_vt
tests_unit_test_vt_SOURCES = tests/unit/test_vt.c
tests_unit_test_vt_CFLAGS = $(unit_cflags) -I$(top_srcdir)/src/ui
tests_unit_test_vt_LDADD = $(unit_ldadd)

# The command line before any screen (exit codes, file:line problems).
TESTS += tests/system/kiosk_cli.sh
EXTRA_DIST += tests/system/kiosk_cli.sh
