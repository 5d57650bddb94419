/* profile_load.c - card profiles from a libconfig file (conf/cards.conf), so
 * a site can add a card without recompiling: the profiles the kiosk serves
 * and the cards it only recognises (not_served). Every problem in the file
 * is reported, one "file:line: message" per line, not only the first. */
#include "build-config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <libconfig.h>
#include "cause.h"
#include "conf_file.h"
#include "confcheck.h"
#include "hex.h"
#include "outside.h"
#include "profile.h"
#include "secret.h"

/* Codes go to the card as pad_len bytes, twice in one RESET RETRY COUNTER
 * or CHANGE: 2 * pad_len must fit a short APDU. */
#define PAD_LEN_MAX 127

/* One load in progress: where problems go and what they refer to. */
struct pload {
	struct conf_problems probs;
	const char *path;
};

static const char *const profile_keys[] = {
	"name", "atr", "atr_mask", "aid", "token_path", "pin1", "pin2", "puk",
	"pad_byte", "pad_len", "auth", "sign", NULL
};
static const char *const code_keys[] = { "ref", "min", "max", NULL };
static const char *const puk_keys[] = {
	"ref", "min", "max", "max_only_before", NULL
};
static const char *const key_keys[] = {
	"key", "cert", "algo", "hash", "sig", "sig_len", NULL
};
static const char *const known_keys[] = {
	"name", "atr", "atr_mask", "advice", NULL
};

/* The digests a card may be given, by their OpenSSL names. */
static const struct { const char *name; uint8_t len; } hashes[] = {
	{ "sha256", 32 }, { "sha384", 48 }, { "sha512", 64 },
};

/* Record one problem at the line of setting s (its file when known). */
__attribute__((format(printf, 3, 4)))
static void pl_error(struct pload *pl, const config_setting_t *s,
                     const char *fmt, ...)
{
	const char *file = pl->path;
	int line = 1;   /* whole-file problems point at its start */
	char msg[512];
	va_list ap;

	if (s) {
		line = (int)config_setting_source_line(s);
		if (config_setting_source_file(s))
			file = config_setting_source_file(s);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	conf_problem_add(&pl->probs, file, line, "%s", msg);
}

/* Whether name is one of the NULL-terminated keys. */
static int pl_known(const char *const *keys, const char *name)
{
	for (; *keys; keys++)
		if (name && strcmp(*keys, name) == 0)
			return 1;
	return 0;
}

/* Report members of grp that no one reads: most likely typos. */
static void pl_unknown(struct pload *pl, const config_setting_t *grp,
                       const char *const *keys, const char *where)
{
	int n = config_setting_length(grp);

	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(grp, (unsigned)i);
		if (!pl_known(keys, config_setting_name(m)))
			pl_error(pl, m, "%s: unknown setting '%s'", where,
			         config_setting_name(m) ? config_setting_name(m) : "?");
	}
}

/* A member of grp, reporting it when missing. */
static config_setting_t *pl_member(struct pload *pl, config_setting_t *grp,
                                   const char *name, const char *where)
{
	config_setting_t *m = config_setting_get_member(grp, name);

	if (m == NULL)
		pl_error(pl, grp, "%s: missing '%s'", where, name);
	return m;
}

/* An integer member within lo..hi. */
static int pl_long(struct pload *pl, config_setting_t *grp, const char *name,
                   const char *where, long long lo, long long hi,
                   long long *out)
{
	config_setting_t *m = pl_member(pl, grp, name, where);
	long long v;

	if (m == NULL)
		return -1;
	if (config_setting_type(m) != CONFIG_TYPE_INT &&
	    config_setting_type(m) != CONFIG_TYPE_INT64) {
		pl_error(pl, m, "%s: '%s' must be an integer", where, name);
		return -1;
	}
	v = config_setting_get_int64(m);
	if (v < lo || v > hi) {
		pl_error(pl, m, "%s: '%s' is %lld, must be %lld..%lld", where,
		         name, v, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

/* An integer member within lo..hi (at most 255), stored as a byte. */
static int pl_int(struct pload *pl, config_setting_t *grp, const char *name,
                  const char *where, long long lo, long long hi, uint8_t *out)
{
	long long v;

	if (pl_long(pl, grp, name, where, lo, hi, &v) < 0)
		return -1;
	*out = (uint8_t)v;
	return 0;
}

/* A string member, reporting a missing one or another type. */
static const char *pl_string(struct pload *pl, config_setting_t *grp,
                             const char *name, const char *where,
                             const char *what)
{
	config_setting_t *m = pl_member(pl, grp, name, where);

	if (m == NULL)
		return NULL;
	if (config_setting_type(m) != CONFIG_TYPE_STRING) {
		pl_error(pl, m, "%s: '%s' must be a string of %s", where, name,
		         what);
		return NULL;
	}
	return config_setting_get_string(m);
}

/* A hex string member of min..max bytes. */
static int pl_hex(struct pload *pl, config_setting_t *grp, const char *name,
                  const char *where, size_t min, size_t max, uint8_t *out,
                  size_t *len)
{
	const char *s = pl_string(pl, grp, name, where, "hex bytes");
	config_setting_t *m = config_setting_get_member(grp, name);
	int n;

	if (s == NULL)
		return -1;
	n = hex_decode(s, out, max);
	if (n == -1) {
		pl_error(pl, m, "%s: '%s' is not hex bytes (write pairs of hex "
		         "digits, e.g. \"3B 7F 96\")", where, name);
		return -1;
	}
	if (n < 0 || (size_t)n < min) {
		pl_error(pl, m, "%s: '%s' must be %zu..%zu bytes", where, name,
		         min, max);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

/* A file path member: whole 2-byte file identifiers. */
static int pl_path(struct pload *pl, config_setting_t *grp, const char *name,
                   const char *where, uint8_t *out, size_t *len)
{
	if (pl_hex(pl, grp, name, where, 2, PROFILE_PATH_MAX, out, len) < 0)
		return -1;
	if (*len % 2 != 0) {
		pl_error(pl, config_setting_get_member(grp, name),
		         "%s: '%s' must be whole 2-byte file identifiers", where,
		         name);
		return -1;
	}
	return 0;
}

/* A group member (named in the message as where: name). */
static config_setting_t *pl_group(struct pload *pl, config_setting_t *grp,
                                  const char *name, const char *where,
                                  const char *shape)
{
	config_setting_t *m = pl_member(pl, grp, name, where);

	if (m && !config_setting_is_group(m)) {
		pl_error(pl, m, "%s: %s: must be a group { %s }", where, name,
		         shape);
		return NULL;
	}
	return m;
}

/* A day "YYYY-MM-DD" as seconds since the epoch at 00:00 UTC. */
static int pl_date(struct pload *pl, config_setting_t *grp, const char *name,
                   const char *where, long long *out)
{
	const char *s = pl_string(pl, grp, name, where, "the form YYYY-MM-DD");
	struct tm tm;
	const char *end;

	if (s == NULL)
		return -1;
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0' || strlen(s) != 10) {
		pl_error(pl, config_setting_get_member(grp, name),
		         "%s: '%s' is not a day of the form YYYY-MM-DD", where,
		         name);
		return -1;
	}
	*out = (long long)timegm(&tm);
	return 0;
}

/* One code group { ref; min; max; } (the activation code also takes
 * max_only_before); lengths are checked later against pad_len. */
static int pl_code(struct pload *pl, config_setting_t *grp, enum code_id c,
                   const char *where, struct card_profile *p)
{
	const char *name = profile_code_name(c);
	config_setting_t *m = pl_group(pl, grp, name, where,
	                               "ref = ...; min = ...; max = ...;");
	struct code_ref *out = &p->code[c];
	char w[96];
	int bad = 0;

	if (m == NULL)
		return -1;
	snprintf(w, sizeof w, "%s: %s", where, name);
	pl_unknown(pl, m, c == CODE_PUK ? puk_keys : code_keys, w);
	bad |= pl_int(pl, m, "ref", w, 0, 255, &out->ref);
	bad |= pl_int(pl, m, "min", w, 1, SECRET_MAX, &out->min_len);
	bad |= pl_int(pl, m, "max", w, 1, SECRET_MAX, &out->max_len);
	if (c == CODE_PUK && config_setting_get_member(m, "max_only_before"))
		bad |= pl_date(pl, m, "max_only_before", w,
		               &p->puk_max_only_before);
	if (bad)
		return -1;
	if (out->min_len > out->max_len) {
		pl_error(pl, m, "%s: min %u is greater than max %u", w,
		         out->min_len, out->max_len);
		return -1;
	}
	return 0;
}

/* The hash member of a key group: a digest name from the table. */
static int pl_hash(struct pload *pl, config_setting_t *grp, const char *where,
                   struct key_ref *k)
{
	const char *s = pl_string(pl, grp, "hash", where, "a digest name");

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < sizeof hashes / sizeof hashes[0]; i++) {
		if (strcmp(s, hashes[i].name) == 0) {
			snprintf(k->hash, sizeof k->hash, "%s", hashes[i].name);
			k->hash_len = hashes[i].len;
			return 0;
		}
	}
	pl_error(pl, config_setting_get_member(grp, "hash"), "%s: 'hash' is "
	         "\"%s\", must be \"sha256\", \"sha384\" or \"sha512\"", where, s);
	return -1;
}

/* The sig member of a key group: "ecdsa" or "rsa-pss". */
static int pl_sig(struct pload *pl, config_setting_t *grp, const char *where,
                  struct key_ref *k)
{
	const char *s = pl_string(pl, grp, "sig", where, "a scheme name");

	if (s == NULL)
		return -1;
	for (int i = 0; i < SIG_COUNT; i++) {
		if (strcmp(s, profile_sig_name((enum sig_scheme)i)) == 0) {
			k->sig = (enum sig_scheme)i;
			return 0;
		}
	}
	pl_error(pl, config_setting_get_member(grp, "sig"), "%s: 'sig' is "
	         "\"%s\", must be \"ecdsa\" or \"rsa-pss\"", where, s);
	return -1;
}

/* One key group { key; cert; algo; hash; sig; sig_len; }. */
static int pl_key(struct pload *pl, config_setting_t *grp, enum key_id kid,
                  const char *where, struct key_ref *k)
{
	const char *name = profile_key_name(kid);
	config_setting_t *m = pl_group(pl, grp, name, where,
	                               "key = ...; cert = ...; algo = ...; "
	                               "hash = ...; sig = ...; sig_len = ...;");
	long long len = 0;
	char w[96];
	int bad = 0;

	if (m == NULL)
		return -1;
	snprintf(w, sizeof w, "%s: %s", where, name);
	pl_unknown(pl, m, key_keys, w);
	bad |= pl_int(pl, m, "key", w, 0, 255, &k->ref);
	bad |= pl_path(pl, m, "cert", w, k->cert_path, &k->cert_path_len);
	bad |= pl_int(pl, m, "algo", w, 0, 255, &k->algo);
	bad |= pl_hash(pl, m, w, k);
	bad |= pl_sig(pl, m, w, k);
	bad |= pl_long(pl, m, "sig_len", w, 1, PROFILE_SIG_MAX, &len);
	k->sig_len = (uint16_t)len;
	if (!bad && k->sig == SIG_ECDSA && len % 2 != 0) {
		pl_error(pl, config_setting_get_member(m, "sig_len"), "%s: "
		         "'sig_len' of an ECDSA key is r||s, an even number", w);
		bad = -1;
	}
	return bad;
}

/* The name member, checked for length. */
static int pl_name(struct pload *pl, config_setting_t *grp, const char *where,
                   char *out, size_t outsz)
{
	const char *s = pl_string(pl, grp, "name", where, "characters");

	if (s == NULL)
		return -1;
	if (*s == '\0' || strlen(s) >= outsz) {
		pl_error(pl, config_setting_get_member(grp, "name"), "%s: 'name' "
		         "must be a string of 1..%zu characters", where, outsz - 1);
		return -1;
	}
	/* shown to staff, in JSON and logs: only printable text */
	outside_clean(out, outsz, s, strlen(s));
	return 0;
}

/* ATR and optional mask (all FF, an exact match, when left out). */
static int pl_atr(struct pload *pl, config_setting_t *grp, const char *where,
                  uint8_t *atr, uint8_t *mask, size_t *atr_len)
{
	config_setting_t *m = config_setting_get_member(grp, "atr_mask");
	size_t mlen;

	if (pl_hex(pl, grp, "atr", where, 2, 33, atr, atr_len) < 0)
		return -1;
	if (m == NULL) {
		memset(mask, 0xFF, *atr_len);
		return 0;
	}
	if (pl_hex(pl, grp, "atr_mask", where, 1, 33, mask, &mlen) < 0)
		return -1;
	if (mlen != *atr_len) {
		pl_error(pl, m, "%s: 'atr_mask' has %zu bytes, 'atr' has %zu",
		         where, mlen, *atr_len);
		return -1;
	}
	return 0;
}

/* Code lengths against the padding: a code longer than pad_len cannot be
 * sent. */
static int pl_code_fit(struct pload *pl, config_setting_t *grp,
                       const char *where, const struct card_profile *p)
{
	int bad = 0;

	for (int c = 0; c < CODE_COUNT; c++) {
		if (p->code[c].max_len <= p->pad_len)
			continue;
		pl_error(pl, config_setting_get_member(grp,
		         profile_code_name((enum code_id)c)),
		         "%s: %s max %u is greater than pad_len %u", where,
		         profile_code_name((enum code_id)c), p->code[c].max_len,
		         p->pad_len);
		bad = -1;
	}
	return bad;
}

/* The name of entry idx for messages: "profile 'X'" once it has one. */
static int pl_where(struct pload *pl, config_setting_t *grp, const char *kind,
                    int idx, char *name, size_t namesz, char *where,
                    size_t wsz)
{
	snprintf(where, wsz, "%s %d", kind, idx + 1);
	if (!config_setting_is_group(grp)) {
		pl_error(pl, grp, "%s: must be a group { name = ...; ... }", where);
		return -1;
	}
	if (pl_name(pl, grp, where, name, namesz) < 0)
		return 1;
	snprintf(where, wsz, "%s '%s'", kind, name);
	return 0;
}

/* Every field of one profile group; all problems are reported. */
static int pl_profile(struct pload *pl, config_setting_t *grp, int idx,
                      struct card_profile *p)
{
	char where[80];
	int bad = pl_where(pl, grp, "profile", idx, p->name, sizeof p->name,
	                   where, sizeof where);

	if (bad < 0)
		return -1;
	pl_unknown(pl, grp, profile_keys, where);
	bad |= pl_atr(pl, grp, where, p->atr, p->atr_mask, &p->atr_len);
	bad |= pl_hex(pl, grp, "aid", where, 5, sizeof p->aid, p->aid,
	              &p->aid_len);
	bad |= pl_path(pl, grp, "token_path", where, p->token_path,
	               &p->token_path_len);
	for (int c = 0; c < CODE_COUNT; c++)
		bad |= pl_code(pl, grp, (enum code_id)c, where, p);
	bad |= pl_int(pl, grp, "pad_byte", where, 0, 255, &p->pad_byte);
	if (pl_int(pl, grp, "pad_len", where, 1, PAD_LEN_MAX, &p->pad_len) == 0)
		bad |= pl_code_fit(pl, grp, where, p);
	else
		bad = -1;
	for (int k = 0; k < KEY_COUNT; k++)
		bad |= pl_key(pl, grp, (enum key_id)k, where, &p->key[k]);
	return bad ? -1 : 0;
}

/* One entry of not_served { name; atr; atr_mask; advice; }. */
static int pl_known_card(struct pload *pl, config_setting_t *grp, int idx,
                         struct known_card *k)
{
	char where[80];
	const char *adv;
	int bad = pl_where(pl, grp, "not_served entry", idx, k->name,
	                   sizeof k->name, where, sizeof where);

	if (bad < 0)
		return -1;
	pl_unknown(pl, grp, known_keys, where);
	bad |= pl_atr(pl, grp, where, k->atr, k->atr_mask, &k->atr_len);
	adv = pl_string(pl, grp, "advice", where, "an advice name");
	for (int a = ADV_UNSUPPORTED; adv && a < ADV_COUNT; a++)
		if (strcmp(adv, profile_advice_name((enum card_advice)a)) == 0)
			k->advice = (enum card_advice)a;
	if (adv && k->advice == ADV_NONE) {
		pl_error(pl, config_setting_get_member(grp, "advice"), "%s: "
		         "'advice' is \"%s\", must be \"unsupported\", "
		         "\"contactless\" or \"expired\"", where, adv);
		bad = -1;
	}
	return bad || !adv ? -1 : 0;
}

/* Where a profile was defined, "cards.conf:12", for diagnostics. */
static void pl_line_info(struct pload *pl, const config_setting_t *grp,
                         struct card_profile *p)
{
	const char *file = config_setting_source_file(grp);
	const char *base;

	if (file == NULL)
		file = pl->path;
	base = strrchr(file, '/');
	base = base ? base + 1 : file;
	snprintf(p->line_info, sizeof p->line_info, "%.24s:%u", base,
	         config_setting_source_line(grp));
}

/* Report a profile name used twice (case does not make a new name). */
static void pl_dups(struct pload *pl, config_setting_t *list,
                    const struct card_profile *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (!v[i].name[0] || !v[j].name[0] ||
			    strcasecmp(v[i].name, v[j].name))
				continue;
			pl_error(pl, config_setting_get_elem(list, (unsigned)i),
			         "profile '%s': duplicate name (first defined at "
			         "%s)", v[i].name, v[j].line_info);
			break;
		}
	}
}

/* A list member of the top level: NULL when absent (reported when
 * required), or not a list. */
static config_setting_t *pl_list(struct pload *pl, config_t *cf,
                                 const char *name, int required)
{
	config_setting_t *list = config_lookup(cf, name);

	if (list == NULL) {
		if (required)
			pl_error(pl, NULL, "no '%s' list (expected %s = ( { name "
			         "= ...; ... } );)", name, name);
		return NULL;
	}
	if (!config_setting_is_list(list) ||
	    (required && config_setting_length(list) < 1)) {
		pl_error(pl, list, "'%s' must be a %slist ( { ... }, { ... } )",
		         name, required ? "non-empty " : "");
		return NULL;
	}
	return list;
}

/* The profiles list into out. */
static void pl_profiles(struct pload *pl, config_setting_t *list,
                        struct profile_set *out)
{
	size_t n = (size_t)config_setting_length(list);

	out->v = calloc(n, sizeof *out->v);
	if (out->v == NULL) {
		pl_error(pl, list, "out of memory");
		return;
	}
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		pl_profile(pl, g, (int)i, &out->v[i]);
		pl_line_info(pl, g, &out->v[i]);
	}
	pl_dups(pl, list, out->v, n);
}

/* The not_served list (may be empty or absent) into out. */
static void pl_not_served(struct pload *pl, config_setting_t *list,
                          struct profile_set *out)
{
	size_t n = (size_t)config_setting_length(list);

	if (n == 0)
		return;
	out->known = calloc(n, sizeof *out->known);
	if (out->known == NULL) {
		pl_error(pl, list, "out of memory");
		return;
	}
	out->nknown = n;
	for (size_t i = 0; i < n; i++)
		pl_known_card(pl, config_setting_get_elem(list, (unsigned)i),
		              (int)i, &out->known[i]);
}

/* Parse the file and collect its profiles and problems. */
static void pl_file(struct pload *pl, struct profile_set *out)
{
	static const char *const root_keys[] = { "profiles", "not_served", NULL };
	config_setting_t *list;
	config_t cf;
	char *why = NULL;
	int line;

	config_init(&cf);
	if (conf_file_parse(&cf, pl->path, &line, &why) != 0) {
		conf_problem_add(&pl->probs, pl->path, line > 0 ? line : 1, "%s",
		                 cause_text(why));
		free(why);
	} else {
		pl_unknown(pl, config_root_setting(&cf), root_keys, "cards file");
		if ((list = pl_list(pl, &cf, "profiles", 1)))
			pl_profiles(pl, list, out);
		if ((list = pl_list(pl, &cf, "not_served", 0)))
			pl_not_served(pl, list, out);
	}
	config_destroy(&cf);
}

/* Load every profile of a libconfig file; -1 with *cause listing every
 * problem found. */
int profile_load(const char *path, struct profile_set *out, char **cause)
{
	struct pload pl = { .path = path };

	memset(out, 0, sizeof *out);
	pl_file(&pl, out);
	if (conf_problems_finish(&pl.probs, cause) < 0) {
		profile_free(out);
		return -1;
	}
	return 0;
}
