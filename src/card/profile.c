/* profile.c - card profiles from a libconfig file (conf/cards.conf), so a
 * site can add a card without recompiling. Every problem in the file is
 * reported, one "file:line: message" per line, not only the first. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libconfig.h>
#include "conf_file.h"
#include "profile.h"
#include "secret.h"

/* Codes go to the card as pad_len bytes, twice in one RESET RETRY COUNTER
 * or CHANGE: 2 * pad_len must fit a short APDU. */
#define PAD_LEN_MAX 127

/* One load in progress: where messages go and what they refer to. */
struct pload {
	FILE *err;            /* open_memstream collecting messages */
	char *errbuf;
	size_t errlen;
	int nerr;
	const char *path;
};

static const char *const profile_keys[] = {
	"name", "atr", "atr_mask", "aid", "token_path", "auth_cert_path",
	"sign_cert_path", "pin1", "pin2", "puk", "pad_byte", "pad_len",
	"auth_key", "sign_key", "sign_algo", NULL
};
static const char *const code_keys[] = { "ref", "min", "max", NULL };
static const char *const code_names[CODE_COUNT] = { "pin1", "pin2", "puk" };
static const char *const key_names[KEY_COUNT] = { "auth", "sign" };

/* Record one problem at the line of setting s (its file when known). */
__attribute__((format(printf, 3, 4)))
static void pl_error(struct pload *pl, const config_setting_t *s,
                     const char *fmt, ...)
{
	const char *file = pl->path;
	unsigned line = 1;   /* whole-file problems point at its start */
	va_list ap;

	if (s) {
		line = config_setting_source_line(s);
		if (config_setting_source_file(s))
			file = config_setting_source_file(s);
	}
	if (pl->nerr++ > 0)
		fputc('\n', pl->err);
	fprintf(pl->err, "%s:%u: ", file, line);
	va_start(ap, fmt);
	vfprintf(pl->err, fmt, ap);
	va_end(ap);
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

/* An integer member within lo..hi, stored as a byte. */
static int pl_int(struct pload *pl, config_setting_t *grp, const char *name,
                  const char *where, long long lo, long long hi, uint8_t *out)
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
	*out = (uint8_t)v;
	return 0;
}

/* Value of one hex digit, or -1. */
static int pl_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse "3B 7F 96" or "3B7F96": pairs of hex digits, spaces or colons
 * between pairs. Returns the byte count, -1 bad hex, -2 too long. */
static int pl_parse_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ':')
			s++;
		if (*s == '\0')
			return (int)n;
		int hi = pl_hexval(s[0]);
		int lo = hi < 0 ? -1 : pl_hexval(s[1]);
		if (lo < 0)
			return -1;
		if (n == max)
			return -2;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
}

/* A hex string member of min..max bytes. */
static int pl_hex(struct pload *pl, config_setting_t *grp, const char *name,
                  const char *where, size_t min, size_t max, uint8_t *out,
                  size_t *len)
{
	config_setting_t *m = pl_member(pl, grp, name, where);
	int n;

	if (m == NULL)
		return -1;
	if (config_setting_type(m) != CONFIG_TYPE_STRING) {
		pl_error(pl, m, "%s: '%s' must be a string of hex bytes", where,
		         name);
		return -1;
	}
	n = pl_parse_hex(config_setting_get_string(m), out, max);
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

/* One code group { ref; min; max; }; lengths checked later against
 * pad_len. */
static int pl_code(struct pload *pl, config_setting_t *grp, enum code_id c,
                   const char *where, struct code_ref *out)
{
	config_setting_t *m = pl_member(pl, grp, code_names[c], where);
	char w[96];
	int bad = 0;

	if (m == NULL)
		return -1;
	snprintf(w, sizeof w, "%s: %s", where, code_names[c]);
	if (!config_setting_is_group(m)) {
		pl_error(pl, m, "%s: must be a group { ref = ...; min = ...; "
		         "max = ...; }", w);
		return -1;
	}
	pl_unknown(pl, m, code_keys, w);
	bad |= pl_int(pl, m, "ref", w, 0, 255, &out->ref);
	bad |= pl_int(pl, m, "min", w, 1, SECRET_MAX, &out->min_len);
	bad |= pl_int(pl, m, "max", w, 1, SECRET_MAX, &out->max_len);
	if (bad)
		return -1;
	if (out->min_len > out->max_len) {
		pl_error(pl, m, "%s: min %u is greater than max %u", w,
		         out->min_len, out->max_len);
		return -1;
	}
	return 0;
}

/* The name member, checked for length. */
static int pl_name(struct pload *pl, config_setting_t *grp, const char *where,
                   struct card_profile *p)
{
	config_setting_t *m = pl_member(pl, grp, "name", where);
	const char *s;

	if (m == NULL)
		return -1;
	s = config_setting_get_string(m);
	if (s == NULL || *s == '\0' || strlen(s) >= sizeof p->name) {
		pl_error(pl, m, "%s: 'name' must be a string of 1..%zu "
		         "characters", where, sizeof p->name - 1);
		return -1;
	}
	strcpy(p->name, s);
	return 0;
}

/* ATR and optional mask (all FF, an exact match, when left out). */
static int pl_atr(struct pload *pl, config_setting_t *grp, const char *where,
                  struct card_profile *p)
{
	config_setting_t *m = config_setting_get_member(grp, "atr_mask");
	size_t mlen;

	if (pl_hex(pl, grp, "atr", where, 2, sizeof p->atr, p->atr,
	           &p->atr_len) < 0)
		return -1;
	if (m == NULL) {
		memset(p->atr_mask, 0xFF, p->atr_len);
		return 0;
	}
	if (pl_hex(pl, grp, "atr_mask", where, 1, sizeof p->atr_mask,
	           p->atr_mask, &mlen) < 0)
		return -1;
	if (mlen != p->atr_len) {
		pl_error(pl, m, "%s: 'atr_mask' has %zu bytes, 'atr' has %zu",
		         where, mlen, p->atr_len);
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
		pl_error(pl, config_setting_get_member(grp, code_names[c]),
		         "%s: %s max %u is greater than pad_len %u", where,
		         code_names[c], p->code[c].max_len, p->pad_len);
		bad = -1;
	}
	return bad;
}

/* Every field of one profile group; all problems are reported. */
static int pl_profile(struct pload *pl, config_setting_t *grp, int idx,
                      struct card_profile *p)
{
	char where[80];
	int bad = 0;

	snprintf(where, sizeof where, "profile %d", idx + 1);
	if (!config_setting_is_group(grp)) {
		pl_error(pl, grp, "%s: must be a group { name = ...; ... }", where);
		return -1;
	}
	if (pl_name(pl, grp, where, p) == 0)
		snprintf(where, sizeof where, "profile '%s'", p->name);
	else
		bad = -1;
	pl_unknown(pl, grp, profile_keys, where);
	bad |= pl_atr(pl, grp, where, p);
	bad |= pl_hex(pl, grp, "aid", where, 5, sizeof p->aid, p->aid,
	              &p->aid_len);
	bad |= pl_path(pl, grp, "token_path", where, p->token_path,
	               &p->token_path_len);
	bad |= pl_path(pl, grp, "auth_cert_path", where, p->cert_path[KEY_AUTH],
	               &p->cert_path_len[KEY_AUTH]);
	bad |= pl_path(pl, grp, "sign_cert_path", where, p->cert_path[KEY_SIGN],
	               &p->cert_path_len[KEY_SIGN]);
	for (int c = 0; c < CODE_COUNT; c++)
		bad |= pl_code(pl, grp, (enum code_id)c, where, &p->code[c]);
	bad |= pl_int(pl, grp, "pad_byte", where, 0, 255, &p->pad_byte);
	if (pl_int(pl, grp, "pad_len", where, 1, PAD_LEN_MAX, &p->pad_len) == 0)
		bad |= pl_code_fit(pl, grp, where, p);
	else
		bad = -1;
	bad |= pl_int(pl, grp, "auth_key", where, 0, 255, &p->key_ref[KEY_AUTH]);
	bad |= pl_int(pl, grp, "sign_key", where, 0, 255, &p->key_ref[KEY_SIGN]);
	bad |= pl_int(pl, grp, "sign_algo", where, 0, 255, &p->sign_algo);
	return bad;
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

/* Report a profile name used twice (case does not make a new name);
 * ok[i] says whether profile i has a name at all. */
static void pl_dups(struct pload *pl, config_setting_t *list,
                    const struct card_profile *v, const int *ok, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (!ok[i] || !ok[j] || strcasecmp(v[i].name, v[j].name))
				continue;
			pl_error(pl, config_setting_get_elem(list, (unsigned)i),
			         "profile '%s': duplicate name (first defined at "
			         "%s)", v[i].name, v[j].line_info);
			break;
		}
	}
}

/* All profiles of the list into v (n of them). */
static void pl_all(struct pload *pl, config_setting_t *list,
                   struct card_profile *v, size_t n)
{
	int *ok = calloc(n ? n : 1, sizeof *ok);

	if (ok == NULL) {
		pl_error(pl, list, "out of memory");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		pl_profile(pl, g, (int)i, &v[i]);
		pl_line_info(pl, g, &v[i]);
		ok[i] = v[i].name[0] != '\0';   /* name read, whatever else */
	}
	pl_dups(pl, list, v, ok, n);
	free(ok);
}

/* The top level: a non-empty 'profiles' list and nothing else. */
static void pl_root(struct pload *pl, config_t *cf, struct profile_set *out)
{
	static const char *const root_keys[] = { "profiles", NULL };
	config_setting_t *list = config_lookup(cf, "profiles");
	size_t n;

	pl_unknown(pl, config_root_setting(cf), root_keys, "cards file");
	if (list == NULL) {
		pl_error(pl, NULL, "no 'profiles' list (expected profiles = "
		         "( { name = ...; ... } );)");
		return;
	}
	if (!config_setting_is_list(list) || config_setting_length(list) < 1) {
		pl_error(pl, list, "'profiles' must be a non-empty list ( { ... }, "
		         "{ ... } )");
		return;
	}
	n = (size_t)config_setting_length(list);
	out->v = calloc(n, sizeof *out->v);
	if (out->v == NULL) {
		pl_error(pl, list, "out of memory");
		return;
	}
	out->n = n;
	pl_all(pl, list, out->v, n);
}

/* Parse the file and collect its profiles and problems. */
static void pl_file(struct pload *pl, struct profile_set *out)
{
	config_t cf;
	char why[256];
	int line;

	config_init(&cf);
	if (conf_file_parse(&cf, pl->path, &line, why, sizeof why) != 0)
		fprintf(pl->err, "%s%s:%d: %s", pl->nerr++ ? "\n" : "",
		        pl->path, line > 0 ? line : 1, why);
	else
		pl_root(pl, &cf, out);
	config_destroy(&cf);
}

/* Load every profile of a libconfig file; -1 with *cause listing every
 * problem found. */
int profile_load(const char *path, struct profile_set *out, char **cause)
{
	struct pload pl = { .path = path };

	out->v = NULL;
	out->n = 0;
	*cause = NULL;
	pl.err = open_memstream(&pl.errbuf, &pl.errlen);
	if (pl.err == NULL) {
		*cause = strdup("out of memory");
		return -1;
	}
	pl_file(&pl, out);
	fclose(pl.err);
	if (pl.nerr == 0) {
		free(pl.errbuf);
		return 0;
	}
	profile_free(out);
	*cause = pl.errbuf;
	return -1;
}

/* The first profile whose masked ATR equals the masked atr. */
const struct card_profile *profile_match(const struct profile_set *s,
                                         const uint8_t *atr, size_t n)
{
	if (s == NULL || atr == NULL)
		return NULL;
	for (size_t i = 0; i < s->n; i++) {
		const struct card_profile *p = &s->v[i];
		size_t k = 0;

		if (p->atr_len != n)
			continue;
		while (k < n && ((atr[k] ^ p->atr[k]) & p->atr_mask[k]) == 0)
			k++;
		if (k == n)
			return p;
	}
	return NULL;
}

/* Release the profiles of a set; the set is left empty. */
void profile_free(struct profile_set *s)
{
	if (s == NULL)
		return;
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* Name of a code for messages and JSON. */
const char *profile_code_name(enum code_id c)
{
	return (unsigned)c < CODE_COUNT ? code_names[c] : "?";
}

/* Name of a key for messages and JSON. */
const char *profile_key_name(enum key_id k)
{
	return (unsigned)k < KEY_COUNT ? key_names[k] : "?";
}
