/* fuzz_cert.c - certificates come from the card: certinfo_parse on
 * arbitrary DER (the summary must be NUL-terminated text that is already
 * clean: outside.h leaves it as it is), then the chain check against the test CA that fuzz/run made
 * ($FUZZ_CA_FILE) and a signature check with the certificate's key. */
#include "build-config.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "certinfo.h"
#include "fuzz.h"
#include "outside.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* A summary field: terminated inside its array, and clean (outside.h):
 * cleaning it again changes nothing. */
static void check_text(const char *s, size_t cap)
{
	const char *end = memchr(s, 0, cap);
	char again[256];

	FZ_CHECK(end != NULL && cap <= sizeof again);
	FZ_CHECK(outside_clean(again, cap, s, (size_t)(end - s)) ==
	         (size_t)(end - s));
	FZ_CHECK(memcmp(again, s, (size_t)(end - s)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const char *ca;
	static time_t now;
	struct cert_summary cs;
	uint8_t hash[48], sig[256];
	enum chain_result cr;
	int rc;

	if (!ca) {
		ca = getenv("FUZZ_CA_FILE") ? getenv("FUZZ_CA_FILE") : "";
		now = time(NULL);   /* once: the same for every input of a run */
	}
	memset(&cs, 0xA5, sizeof cs);   /* stale bytes must not show through */
	rc = certinfo_parse(d, n, &cs);
	FZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0)
		return 0;
	check_text(cs.holder, sizeof cs.holder);
	check_text(cs.subject_cn, sizeof cs.subject_cn);
	check_text(cs.serial_number, sizeof cs.serial_number);
	check_text(cs.issuer_cn, sizeof cs.issuer_cn);
	check_text(cs.key_type, sizeof cs.key_type);

	cr = certinfo_check_chain(d, n, ca, now);
	FZ_CHECK(certinfo_chain_name(cr) != NULL);
	if (!*ca)
		FZ_CHECK(cr == CHAIN_NO_CA || cr == CHAIN_BAD);

	memset(hash, 0x3C, sizeof hash);
	memset(sig, 0x01, sizeof sig);
	rc = certinfo_verify_sig(d, n, SIG_ECDSA, "sha384", hash, 48, sig, 96);
	FZ_CHECK(rc >= -1 && rc <= 1);
	rc = certinfo_verify_sig(d, n, SIG_RSA_PSS, "sha256", hash, 32, sig,
	                         sizeof sig);
	FZ_CHECK(rc >= -1 && rc <= 1);
	return 0;
}
