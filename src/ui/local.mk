# src/ui: screens, widgets, the terminal; src/card/demo.c: the --demo card
# service (the virtual card behind the card.h API).
libeidkiosk_a_SOURCES += src/ui/text.c src/ui/countdown.c src/ui/widgets.c \
	src/ui/tty.c src/ui/vt.c src/ui/vt.h src/ui/ui.c src/ui/ui_draw.c src/ui/ui_int.h \
	src/ui/scr_common.c src/ui/scr_welcome.c src/ui/scr_wait.c \
	src/ui/scr_intro.c src/ui/scr_entry.c src/ui/scr_same.c \
	src/ui/scr_end.c src/ui/scr_removed.c src/ui/scr_staff.c \
	src/ui/scr_menu.c src/ui/scr_info.c src/ui/scr_cert.c \
	src/ui/scr_tested.c src/ui/scr_out.c src/ui/scr_idle.c \
	src/card/demo.c

EXTRA_DIST += include/ui.h include/screens.h include/widgets.h \
	include/tty.h include/demo.h

check_PROGRAMS += tests/unit/test_widgets tests/unit/test_demo
TESTS += tests/unit/test_widgets tests/unit/test_demo
tests_unit_test_widgets_SOURCES = tests/unit/test_widgets.c
tests_unit_test_widgets_CFLAGS = $(unit_cflags)
tests_unit_test_widgets_LDADD = $(unit_ldadd)
tests_unit_test_demo_SOURCES = tests/unit/test_demo.c
tests_unit_test_demo_CFLAGS = $(unit_cflags) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_demo_LDADD = $(unit_ldadd)

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
