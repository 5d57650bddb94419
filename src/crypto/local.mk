# src/crypto: certificates and signatures (OpenSSL EVP), the locked secret
# arena, and the PIN rules; each with its cmocka unit test.
libeidkiosk_a_SOURCES += \
	src/crypto/certinfo.c \
	src/crypto/secret.c \
	src/crypto/pin_rules.c \
	src/crypto/staff_code.c

check_PROGRAMS += tests/unit/test_certinfo tests/unit/test_secret \
	tests/unit/test_pin_rules tests/unit/test_staff_code
TESTS += tests/unit/test_certinfo tests/unit/test_secret \
	tests/unit/test_pin_rules tests/unit/test_staff_code

tests_unit_test_certinfo_SOURCES = tests/unit/test_certinfo.c
tests_unit_test_certinfo_CFLAGS = $(unit_cflags)
tests_unit_test_certinfo_LDADD = $(unit_ldadd)

tests_unit_test_secret_SOURCES = tests/unit/test_secret.c
tests_unit_test_secret_CFLAGS = $(unit_cflags)
tests_unit_test_secret_LDADD = $(unit_ldadd)

tests_unit_test_pin_rules_SOURCES = tests/unit/test_pin_rules.c
tests_unit_test_pin_rules_CFLAGS = $(unit_cflags)
tests_unit_test_pin_rules_LDADD = $(unit_ldadd)

tests_unit_test_staff_code_SOURCES = tests/unit/test_staff_code.c
tests_unit_test_staff_code_CFLAGS = $(unit_cflags)
tests_unit_test_staff_code_LDADD = $(unit_ldadd)
