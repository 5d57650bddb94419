/* test_profile.c - card profiles: the shipped conf/cards.conf, ATR matching
 * with masks, and broken files reported as file:line, every problem. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "profile.h"

#ifndef TOP_SRCDIR
#error "TOP_SRCDIR must be defined by the build"
#endif

static const uint8_t atr2022[] = {
	0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0xB8, 0x65, 0xB0,
	0x85, 0x05, 0x00, 0x11, 0x12, 0x24, 0x60, 0x82, 0x90, 0x00 };
static const uint8_t atr2025[] = {
	0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0xB8, 0x65, 0xB0,
	0x85, 0x05, 0x10, 0x24, 0x12, 0x24, 0x60, 0x82, 0x90, 0x00 };

/* A valid profile, line by line, so that variants know their lines. */
static const char *const base[] = {
	"profiles = (",                                   /* 1 */
	"{",                                              /* 2 */
	"  name = \"Test card\";",                        /* 3 */
	"  atr = \"3B 02 14 50\";",                       /* 4 */
	"  atr_mask = \"FF FF 00 FF\";",                  /* 5 */
	"  aid = \"A0 00 00 00 63\";",                    /* 6 */
	"  token_path = \"5032\";",                       /* 7 */
	"  auth = { key = 1; cert = \"4331\"; algo = 0x54; hash = \"sha384\"; "
	"sig = \"ecdsa\"; sig_len = 96; };",               /* 8 */
	"  sign = { key = 2; cert = \"5016 4332\"; algo = 0x54; hash = "
	"\"sha384\"; sig = \"ecdsa\"; sig_len = 96; };",  /* 9 */
	"  pin1 = { ref = 0x11; min = 4; max = 12; };",   /* 10 */
	"  pin2 = { ref = 0x82; min = 6; max = 12; };",   /* 11 */
	"  puk = { ref = 0x83; min = 7; max = 8; };",     /* 12 */
	"  pad_byte = 0xFF;",                             /* 13 */
	"  pad_len = 12;",                                /* 14 */
	"  # the keys are on lines 8 and 9",              /* 15 */
	"",                                               /* 16 */
	"",                                               /* 17 */
	"}",                                              /* 18 */
	");",                                             /* 19 */
};
#define BASE_LINES (sizeof base / sizeof base[0])

struct repl {
	int line;           /* 1-based line of base to replace */
	const char *text;
};

struct fx {
	char dir[64];
	char path[128];
};

/* A fresh temporary directory per test. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	strcpy(f->dir, "/tmp/test_profile.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/cards.conf", f->dir);
	*state = f;
	return 0;
}

/* Remove the temporary directory. */
static int fx_teardown(void **state)
{
	struct fx *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Write base with lines replaced (line numbers stay), plus extra text. */
static void write_variant(struct fx *f, const struct repl *r, size_t nr,
                          const char *extra)
{
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	for (size_t i = 0; i < BASE_LINES; i++) {
		const char *line = base[i];
		for (size_t k = 0; k < nr; k++)
			if (r[k].line == (int)i + 1)
				line = r[k].text;
		fprintf(fp, "%s\n", line);
	}
	if (extra)
		fputs(extra, fp);
	fclose(fp);
}

/* Write text as the whole file. */
static void write_text(struct fx *f, const char *text)
{
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Load f->path expecting failure; returns the cause (caller frees). */
static char *load_fail(struct fx *f)
{
	struct profile_set set = { (void *)1, 99, (void *)1, 99 };
	char *cause = NULL;

	assert_int_equal(profile_load(f->path, &set, &cause), -1);
	assert_non_null(cause);
	assert_null(set.v);
	assert_int_equal(set.n, 0);
	return cause;
}

/* Assert that cause has a line "path:line: ...text...". */
static void assert_has(const struct fx *f, const char *cause, int line,
                       const char *text)
{
	char prefix[200];
	const char *p = cause;

	snprintf(prefix, sizeof prefix, "%s:%d: ", f->path, line);
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char buf[512];
		snprintf(buf, sizeof buf, "%.*s", (int)len, p);
		if (strncmp(buf, prefix, strlen(prefix)) == 0 && strstr(buf, text))
			return;
		p = eol ? eol + 1 : NULL;
	}
	fail_msg("no \"%s...%s\" in:\n%s", prefix, text, cause);
}

/* Number of lines (problems) in cause. */
static int count_lines(const char *cause)
{
	int n = 1;

	for (; *cause; cause++)
		n += *cause == '\n';
	return n;
}

static const uint8_t atr_v31[] = {
	0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0xB8, 0x65, 0xB0,
	0x85, 0x04, 0x02, 0x1B, 0x12, 0x00, 0xF6, 0x82, 0x90, 0x00 };
static const uint8_t atr_contactless[] = {
	0x3B, 0x8F, 0x80, 0x01, 0x80, 0x31, 0xB8, 0x65, 0xB0, 0x85,
	0x04, 0x02, 0x1B, 0x12, 0x00, 0xF6, 0x82, 0x90, 0x00, 0xBC };
static const uint8_t atr_v30[] = {
	0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0xB8, 0x65, 0xB0,
	0x85, 0x03, 0x00, 0xEF, 0x12, 0x00, 0xF6, 0x82, 0x90, 0x00 };

/* A key of a shipped profile: reference, algorithm, hash, scheme, length
 * and certificate path. */
static void assert_key(const struct key_ref *k, uint8_t ref, uint8_t algo,
                       const char *hash, enum sig_scheme sig, int sig_len,
                       const char *path, size_t plen)
{
	assert_int_equal(k->ref, ref);
	assert_int_equal(k->algo, algo);
	assert_string_equal(k->hash, hash);
	assert_int_equal(k->hash_len, strcmp(hash, "sha256") ? 48 : 32);
	assert_int_equal(k->sig, sig);
	assert_int_equal(k->sig_len, sig_len);
	assert_int_equal(k->cert_path_len, plen);
	assert_memory_equal(k->cert_path, path, plen);
}

/* The shipped file: three v4 profiles (2022, 2025, any other applet
 * version) and v3.1, with the PROTOCOL.md values; two cards not served. */
static void test_shipped(void **state)
{
	struct profile_set set;
	char *cause = NULL;
	static const uint8_t aid[] = { 0xA0, 0x00, 0x00, 0x00, 0x63, 0x50,
	                               0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35 };
	static const char *const names[] = { "FinEID 2022", "FinEID 2025",
	                                     "FinEID v4", "FinEID v3.1" };

	if (profile_load(TOP_SRCDIR "/conf/cards.conf", &set, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(set.n, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct card_profile *p = &set.v[i];
		bool v31 = i == 3;
		assert_string_equal(p->name, names[i]);
		assert_memory_equal(p->aid, aid, sizeof aid);
		assert_int_equal(p->token_path_len, 2);
		assert_memory_equal(p->token_path, "\x50\x32", 2);
		assert_int_equal(p->code[CODE_PIN1].ref, 0x11);
		assert_int_equal(p->code[CODE_PIN1].min_len, 4);
		assert_int_equal(p->code[CODE_PIN1].max_len, 12);
		assert_int_equal(p->code[CODE_PIN2].ref, 0x82);
		assert_int_equal(p->code[CODE_PIN2].min_len, 6);
		assert_int_equal(p->code[CODE_PIN2].max_len, 12);
		assert_int_equal(p->code[CODE_PUK].ref, 0x83);
		assert_int_equal(p->code[CODE_PUK].min_len, v31 ? 8 : 7);
		assert_int_equal(p->code[CODE_PUK].max_len, 8);
		/* 2026-01-13T00:00:00Z */
		assert_int_equal(p->puk_max_only_before, v31 ? 0 : 1768262400LL);
		assert_int_equal(p->pad_byte, 0x00);
		assert_int_equal(p->pad_len, 12);
		assert_int_equal(strncmp(p->line_info, "cards.conf:", 11), 0);
		if (v31) {
			assert_key(&p->key[KEY_AUTH], 0x01, 0x45, "sha256",
			           SIG_RSA_PSS, 256, "\x43\x31", 2);
			assert_key(&p->key[KEY_SIGN], 0x03, 0x44, "sha256",
			           SIG_ECDSA, 64, "\x50\x16\x43\x35", 4);
		} else {
			assert_key(&p->key[KEY_AUTH], 0x01, 0x54, "sha384",
			           SIG_ECDSA, 96, "\x43\x31", 2);
			assert_key(&p->key[KEY_SIGN], 0x02, 0x54, "sha384",
			           SIG_ECDSA, 96, "\x50\x16\x43\x32", 4);
		}
	}
	assert_memory_equal(set.v[0].atr, atr2022, sizeof atr2022);
	assert_memory_equal(set.v[1].atr, atr2025, sizeof atr2025);
	assert_memory_equal(set.v[3].atr, atr_v31, sizeof atr_v31);
	assert_int_equal(set.nknown, 2);
	assert_string_equal(set.known[0].name, "FinEID, contactless");
	assert_int_equal(set.known[0].advice, ADV_CONTACTLESS);
	assert_string_equal(set.known[1].name, "FinEID v3.0");
	assert_int_equal(set.known[1].advice, ADV_EXPIRED);
	profile_free(&set);
	assert_null(set.v);
	assert_null(set.known);
}

/* Each FinEID ATR matches its own profile; another v4 applet version
 * (ATR bytes 12-13) the masked v4 profile; v3.1 its own; the contactless
 * face and v3.0 no profile but a known card; near misses nothing. */
static void test_match_shipped(void **state)
{
	struct profile_set set;
	char *cause = NULL;
	uint8_t a[sizeof atr2022];

	if (profile_load(TOP_SRCDIR "/conf/cards.conf", &set, &cause) != 0)
		fail_msg("%s", cause);
	assert_ptr_equal(profile_match(&set, atr2022, sizeof atr2022),
	                 &set.v[0]);
	assert_ptr_equal(profile_match(&set, atr2025, sizeof atr2025),
	                 &set.v[1]);
	assert_ptr_equal(profile_match(&set, atr_v31, sizeof atr_v31),
	                 &set.v[3]);
	memcpy(a, atr2025, sizeof a);
	a[12] = 0x11;   /* FinEID 2025 with a newer applet version */
	assert_ptr_equal(profile_match(&set, a, sizeof a), &set.v[2]);
	a[13] = 0x99;
	assert_ptr_equal(profile_match(&set, a, sizeof a), &set.v[2]);
	a[11] = 0x06;   /* a generation nobody knows */
	assert_null(profile_match(&set, a, sizeof a));
	assert_null(profile_known(&set, a, sizeof a));
	memcpy(a, atr2025, sizeof a);
	a[19] = 0x01;
	assert_null(profile_match(&set, a, sizeof a));
	assert_null(profile_match(&set, atr2022, sizeof atr2022 - 1));
	assert_null(profile_match(NULL, atr2022, sizeof atr2022));
	assert_null(profile_match(&set, atr_contactless,
	                          sizeof atr_contactless));
	assert_ptr_equal(profile_known(&set, atr_contactless,
	                               sizeof atr_contactless), &set.known[0]);
	assert_null(profile_match(&set, atr_v30, sizeof atr_v30));
	assert_ptr_equal(profile_known(&set, atr_v30, sizeof atr_v30),
	                 &set.known[1]);
	assert_null(profile_known(&set, atr2022, sizeof atr2022 - 1));
	assert_null(profile_known(NULL, atr_v30, sizeof atr_v30));
	profile_free(&set);
	assert_null(profile_match(&set, atr2022, sizeof atr2022));
}

/* A mask byte of 00 ignores that ATR byte; a missing mask is exact. */
static void test_match_mask(void **state)
{
	struct fx *f = *state;
	struct profile_set set;
	char *cause = NULL;
	const uint8_t same[] = { 0x3B, 0x02, 0x14, 0x50 };
	const uint8_t other3[] = { 0x3B, 0x02, 0x99, 0x50 };
	const uint8_t other4[] = { 0x3B, 0x02, 0x14, 0x51 };
	const struct repl nomask[] = { { 5, "" } };

	write_variant(f, NULL, 0, NULL);
	if (profile_load(f->path, &set, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(set.v[0].pad_byte, 0xFF);
	assert_non_null(profile_match(&set, same, 4));
	assert_non_null(profile_match(&set, other3, 4));
	assert_null(profile_match(&set, other4, 4));
	profile_free(&set);

	write_variant(f, nomask, 1, NULL);
	if (profile_load(f->path, &set, &cause) != 0)
		fail_msg("%s", cause);
	assert_non_null(profile_match(&set, same, 4));
	assert_null(profile_match(&set, other3, 4));
	assert_string_equal(set.v[0].line_info, "cards.conf:2");
	profile_free(&set);
}

/* libconfig's own syntax error, with its line. */
static void test_syntax_error(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = { { 7, "  token_path = = \"5032\";" } };
	char *cause;

	write_variant(f, r, 1, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 7, "syntax error");
	free(cause);
}

/* No such file. */
static void test_missing_file(void **state)
{
	struct fx *f = *state;
	char *cause = load_fail(f);

	assert_has(f, cause, 1, "cannot open: No such file");
	free(cause);
}

/* Missing fields are named, at the line of the group missing them. */
static void test_missing_fields(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = { { 6, "" }, { 11, "" },
	                          { 12, "  puk = { ref = 0x83; min = 7; };" } };
	char *cause;

	write_variant(f, r, 3, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 2, "profile 'Test card': missing 'aid'");
	assert_has(f, cause, 2, "profile 'Test card': missing 'pin2'");
	assert_has(f, cause, 12, "puk: missing 'max'");
	assert_int_equal(count_lines(cause), 3);
	free(cause);
}

/* Hex that is not hex, odd digit counts, wrong sizes. */
static void test_bad_hex(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = {
		{ 4, "  atr = \"3B 7G\";" },
		{ 6, "  aid = \"A0 0 00 00 63\";" },
		{ 7, "  token_path = \"503\";" },
		{ 8, "  auth = { key = 1; cert = \"43 31 32\"; algo = 0x54; hash = "
		     "\"sha384\"; sig = \"ecdsa\"; sig_len = 96; };" },
		{ 9, "  sign = { key = 2; cert = 5016; algo = 0x54; hash = "
		     "\"sha384\"; sig = \"ecdsa\"; sig_len = 96; };" },
	};
	char *cause;

	write_variant(f, r, 5, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 4, "'atr' is not hex bytes");
	assert_has(f, cause, 6, "'aid' is not hex bytes");
	assert_has(f, cause, 7, "'token_path' is not hex bytes");
	assert_has(f, cause, 8, "auth: 'cert' must be whole 2-byte file");
	assert_has(f, cause, 9, "sign: 'cert' must be a string");
	assert_int_equal(count_lines(cause), 5);
	free(cause);
}

/* Length rules: min > max, max > pad_len, zero, beyond a secret. */
static void test_lengths(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = {
		{ 10, "  pin1 = { ref = 0x11; min = 9; max = 8; };" },
		{ 11, "  pin2 = { ref = 0x82; min = 0; max = 8; };" },
		{ 12, "  puk = { ref = 0x83; min = 7; max = 99; };" },
	};
	const struct repl r2[] = {
		{ 14, "  pad_len = 8;" },
		{ 10, "  pin1 = { ref = 0x11; min = 4; max = 10; };" },
	};
	char *cause;

	write_variant(f, r, 3, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 10, "pin1: min 9 is greater than max 8");
	assert_has(f, cause, 11, "pin2: 'min' is 0, must be 1..16");
	assert_has(f, cause, 12, "puk: 'max' is 99, must be 1..16");
	assert_int_equal(count_lines(cause), 3);
	free(cause);

	write_variant(f, r2, 2, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 10, "pin1 max 10 is greater than pad_len 8");
	assert_has(f, cause, 11, "pin2 max 12 is greater than pad_len 8");
	assert_int_equal(count_lines(cause), 2);
	free(cause);
}

/* Wrong types, out-of-range bytes, unknown settings, a bad name. */
static void test_types(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = {
		{ 3, "  name = \"\";" },
		{ 13, "  pad_byte = 256;" },
		{ 14, "  pad_len = \"12\";" },
		{ 15, "  sign_kye = 2;" },
		{ 8, "  auth = { key = -1; cert = \"4331\"; algo = 0x54; hash = "
		     "\"sha384\"; sig = \"ecdsa\"; sig_len = 96; };" },
		{ 17, "  pin3 = { ref = 1; }; " },
		{ 10, "  pin1 = 4;" },
		{ 11, "  pin2 = { ref = 0x82; min = 6; max = 12; extra = 1; };" },
	};
	char *cause;

	write_variant(f, r, 8, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 3, "profile 1: 'name' must be a string of 1..47");
	assert_has(f, cause, 13, "'pad_byte' is 256, must be 0..255");
	assert_has(f, cause, 14, "'pad_len' must be an integer");
	assert_has(f, cause, 8, "auth: 'key' is -1");
	assert_has(f, cause, 15, "unknown setting 'sign_kye'");
	assert_has(f, cause, 17, "unknown setting 'pin3'");
	assert_has(f, cause, 10, "pin1: must be a group");
	assert_has(f, cause, 11, "pin2: unknown setting 'extra'");
	assert_int_equal(count_lines(cause), 8);
	free(cause);
}

/* Mask and ATR of different lengths. */
static void test_mask_length(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = { { 5, "  atr_mask = \"FF FF FF\";" } };
	char *cause;

	write_variant(f, r, 1, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 5, "'atr_mask' has 3 bytes, 'atr' has 4");
	assert_int_equal(count_lines(cause), 1);
	free(cause);
}

/* The same name twice (case does not matter), each error reported. */
static void test_duplicate(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = { { 18, "}," }, { 19, "" } };
	char extra[2048] = "";
	char *cause;

	/* Second copy of lines 2..18 starts at line 20. */
	for (size_t i = 1; i < 18; i++) {
		strcat(extra, i == 2 ? "  name = \"TEST CARD\";" :
		              i == 3 ? "  atr = \"3B\";" : base[i]);
		strcat(extra, "\n");
	}
	strcat(extra, ");\n");
	write_variant(f, r, 2, extra);
	cause = load_fail(f);
	assert_has(f, cause, 20, "profile 'TEST CARD': duplicate name (first "
	           "defined at cards.conf:2)");
	assert_has(f, cause, 22, "profile 'TEST CARD': 'atr' must be 2..33");
	assert_int_equal(count_lines(cause), 2);
	free(cause);
}

/* The top level: no list, an empty list, strays. */
static void test_top_level(void **state)
{
	struct fx *f = *state;
	char *cause;

	write_text(f, "# nothing here\nprofile = ( );\n");
	cause = load_fail(f);
	assert_has(f, cause, 1, "no 'profiles' list");
	assert_has(f, cause, 2, "cards file: unknown setting 'profile'");
	free(cause);
	write_text(f, "\nprofiles = ( );\n");
	cause = load_fail(f);
	assert_has(f, cause, 2, "'profiles' must be a non-empty list");
	free(cause);
	write_text(f, "profiles = ( 1, 2 );\n");
	cause = load_fail(f);
	assert_has(f, cause, 1, "profile 1: must be a group");
	assert_has(f, cause, 1, "profile 2: must be a group");
	free(cause);
}

/* Key groups: an unknown digest or scheme, an odd ECDSA length, a
 * signature longer than one answer, a missing member, a plain value. */
static void test_keys(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = {
		{ 8, "  auth = { key = 1; cert = \"4331\"; algo = 0x54; hash = "
		     "\"md5\"; sig = \"dsa\"; sig_len = 95; };" },
		{ 9, "  sign = { key = 2; cert = \"5016 4332\"; algo = 0x54; hash = "
		     "\"sha256\"; sig = \"rsa-pss\"; sig_len = 512; extra = 1; };" },
	};
	const struct repl r2[] = {
		{ 8, "  auth = { key = 1; algo = 0x54; hash = \"sha384\"; "
		     "sig = \"ecdsa\"; sig_len = 95; };" },
		{ 9, "  sign = 2;" },
	};
	char *cause;

	write_variant(f, r, 2, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 8, "auth: 'hash' is \"md5\", must be \"sha256\"");
	assert_has(f, cause, 8, "auth: 'sig' is \"dsa\", must be \"ecdsa\" or "
	           "\"rsa-pss\"");
	assert_has(f, cause, 9, "sign: 'sig_len' is 512, must be 1..256");
	assert_has(f, cause, 9, "sign: unknown setting 'extra'");
	assert_int_equal(count_lines(cause), 4);
	free(cause);

	write_variant(f, r2, 2, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 8, "auth: missing 'cert'");
	assert_has(f, cause, 9, "sign: must be a group");
	assert_int_equal(count_lines(cause), 2);
	free(cause);
}

/* An ECDSA signature is r||s: an even length. */
static void test_key_ecdsa_len(void **state)
{
	struct fx *f = *state;
	const struct repl r[] = {
		{ 8, "  auth = { key = 1; cert = \"4331\"; algo = 0x54; hash = "
		     "\"sha384\"; sig = \"ecdsa\"; sig_len = 95; };" },
	};
	char *cause;

	write_variant(f, r, 1, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 8, "auth: 'sig_len' of an ECDSA key is r||s");
	assert_int_equal(count_lines(cause), 1);
	free(cause);
}

/* The activation code's length rule: a day, or an error naming it. */
static void test_puk_date(void **state)
{
	struct fx *f = *state;
	const struct repl ok[] = {
		{ 12, "  puk = { ref = 0x83; min = 7; max = 8; max_only_before = "
		      "\"2026-01-13\"; };" },
	};
	const struct repl bad[] = {
		{ 12, "  puk = { ref = 0x83; min = 7; max = 8; max_only_before = "
		      "\"13.1.2026\"; };" },
		{ 10, "  pin1 = { ref = 0x11; min = 4; max = 12; "
		      "max_only_before = \"2026-01-13\"; };" },
	};
	struct profile_set set;
	char *cause = NULL;

	write_variant(f, ok, 1, NULL);
	if (profile_load(f->path, &set, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(set.v[0].puk_max_only_before, 1768262400LL);
	profile_free(&set);
	write_variant(f, bad, 2, NULL);
	cause = load_fail(f);
	assert_has(f, cause, 12, "puk: 'max_only_before' is not a day of the "
	           "form YYYY-MM-DD");
	assert_has(f, cause, 10, "pin1: unknown setting 'max_only_before'");
	assert_int_equal(count_lines(cause), 2);
	free(cause);
}

/* not_served: entries matched by masked ATR, each problem reported. */
static void test_not_served(void **state)
{
	struct fx *f = *state;
	const uint8_t card[] = { 0x3B, 0x02, 0x14, 0x50 };
	const uint8_t cl[] = { 0x3B, 0x8F, 0x80, 0x77 };
	struct profile_set set;
	char *cause = NULL;

	write_variant(f, NULL, 0, "not_served = ( { name = \"CL\"; atr = "
	              "\"3B 8F 80 01\"; atr_mask = \"FF FF FF 00\"; advice = "
	              "\"contactless\"; } );\n");
	if (profile_load(f->path, &set, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(set.nknown, 1);
	assert_ptr_equal(profile_known(&set, cl, sizeof cl), &set.known[0]);
	assert_null(profile_known(&set, card, sizeof card));
	profile_free(&set);

	write_variant(f, NULL, 0, "not_served = ( { name = \"X\"; atr = \"3B\"; "
	              "advice = \"gone\"; },\n  { name = \"Y\"; advice = "
	              "\"expired\"; kind = 1; }, 7 );\n");
	cause = load_fail(f);
	assert_has(f, cause, 20, "not_served entry 'X': 'atr' must be 2..33");
	assert_has(f, cause, 20, "not_served entry 'X': 'advice' is \"gone\"");
	assert_has(f, cause, 21, "not_served entry 'Y': missing 'atr'");
	assert_has(f, cause, 21, "not_served entry 'Y': unknown setting 'kind'");
	assert_has(f, cause, 21, "not_served entry 3: must be a group");
	assert_int_equal(count_lines(cause), 5);
	free(cause);
	write_variant(f, NULL, 0, "not_served = 1;\n");
	cause = load_fail(f);
	assert_has(f, cause, 20, "'not_served' must be a list");
	free(cause);
}

/* Code and key names for messages and JSON. */
static void test_names(void **state)
{
	assert_string_equal(profile_code_name(CODE_PIN1), "pin1");
	assert_string_equal(profile_code_name(CODE_PIN2), "pin2");
	assert_string_equal(profile_code_name(CODE_PUK), "puk");
	assert_string_equal(profile_code_name(CODE_COUNT), "?");
	assert_string_equal(profile_key_name(KEY_AUTH), "auth");
	assert_string_equal(profile_key_name(KEY_SIGN), "sign");
	assert_string_equal(profile_key_name(KEY_COUNT), "?");
	assert_string_equal(profile_sig_name(SIG_ECDSA), "ecdsa");
	assert_string_equal(profile_sig_name(SIG_RSA_PSS), "rsa-pss");
	assert_string_equal(profile_sig_name(SIG_COUNT), "?");
	assert_string_equal(profile_advice_name(ADV_CONTACTLESS), "contactless");
	assert_string_equal(profile_advice_name(ADV_EXPIRED), "expired");
	assert_string_equal(profile_advice_name(ADV_UNSUPPORTED), "unsupported");
	assert_string_equal(profile_advice_name(ADV_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_match_shipped),
		cmocka_unit_test_setup_teardown(test_match_mask, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_syntax_error, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_fields, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_hex, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_lengths, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_types, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_mask_length, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_duplicate, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_top_level, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_keys, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_key_ecdsa_len, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_puk_date, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_not_served, fx_setup,
		                                fx_teardown),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
