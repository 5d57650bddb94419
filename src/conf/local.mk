# src/conf: site settings, language catalogs, themes and the config check.
libeidkiosk_a_SOURCES += src/conf/problems.c src/conf/settings.c \
	src/conf/settings_read.c src/conf/settings_keys.c \
	src/conf/settings_terminal.c \
	src/conf/settings_int.h src/conf/lang.c src/conf/lang_format.c \
	src/conf/theme.c src/conf/confcheck.c src/conf/conf_file.c

dist_pkgsysconf_DATA += conf/eidkiosk.conf
dist_lang_DATA += conf/lang/fi.conf conf/lang/sv.conf conf/lang/en.conf
dist_theme_DATA += themes/default.theme themes/high-contrast.theme \
	themes/mono.theme

# Unit tests find the shipped files through TOP_SRCDIR.
conf_test_cflags = $(unit_cflags) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
conf_test_util = tests/unit/conf_test_util.c tests/unit/conf_test_util.h
check_PROGRAMS += tests/unit/test_settings tests/unit/test_lang \
	tests/unit/test_theme tests/unit/test_confcheck tests/unit/test_conf_file
tests_unit_test_settings_SOURCES = tests/unit/test_settings.c $(conf_test_util)
tests_unit_test_settings_CFLAGS = $(conf_test_cflags)
tests_unit_test_settings_LDADD = $(unit_ldadd)
tests_unit_test_lang_SOURCES = tests/unit/test_lang.c $(conf_test_util)
tests_unit_test_lang_CFLAGS = $(conf_test_cflags)
tests_unit_test_lang_LDADD = $(unit_ldadd)
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c $(conf_test_util)
tests_unit_test_theme_CFLAGS = $(conf_test_cflags)
tests_unit_test_theme_LDADD = $(unit_ldadd)
tests_unit_test_confcheck_SOURCES = tests/unit/test_confcheck.c $(conf_test_util)
tests_unit_test_confcheck_CFLAGS = $(conf_test_cflags)
tests_unit_test_confcheck_LDADD = $(unit_ldadd)
tests_unit_test_conf_file_SOURCES = tests/unit/test_conf_file.c $(conf_test_util)
tests_unit_test_conf_file_CFLAGS = $(conf_test_cflags)
tests_unit_test_conf_file_LDADD = $(unit_ldadd)
TESTS += tests/unit/test_settings tests/unit/test_lang \
	tests/unit/test_theme tests/unit/test_confcheck tests/unit/test_conf_file
