/* audit_verify.c - eidkiosk --verify-audit: check audit files, oldest
 * first, as one chain. Each record's MAC must match the key, its seq must
 * follow the record before and its prev must be that record's mac; a file
 * must begin with audit_start (a new trail) or audit_rotate (the previous
 * file's chain goes on). A tail cut off cleanly cannot be seen from the
 * files alone: the verifier prints where the trail ends, for comparing with
 * syslog, which got every record too. */
#include "build-config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "audit.h"
#include "audit_int.h"

#define SHOW_MAX 50   /* problems printed; the rest are counted */

struct vstate {
	const unsigned char *key;
	FILE *out;
	const char *file;
	long lineno;
	int problems;
	unsigned long long records, mac_bad, first_seq;
	bool have;                      /* a record before this one */
	struct audit_rec last;          /* it */
	bool first_in_file;
};

/* Report one problem at the current line. */
static void problem(struct vstate *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct vstate *v, const char *fmt, ...)
{
	va_list ap;

	if (++v->problems > SHOW_MAX)
		return;
	fprintf(v->out, "%s:%ld: ", v->file, v->lineno);
	va_start(ap, fmt);
	vfprintf(v->out, fmt, ap);
	va_end(ap);
	fputc('\n', v->out);
}

/* Does this record begin a file or a trail the way it may? */
static void check_start(struct vstate *v, const struct audit_rec *r)
{
	bool start = strcmp(r->event, "audit_start") == 0;
	bool rotate = strcmp(r->event, "audit_rotate") == 0;

	if (start && (r->seq != 1 || strcmp(r->prev, audit_zero_mac) != 0))
		problem(v, "audit_start must be seq 1 with prev 0");
	if (v->first_in_file && !start && !rotate)
		problem(v, "the file begins with seq %llu (%s), not audit_start "
		        "or audit_rotate: records removed from its beginning",
		        r->seq, r->event);
	else if (start && v->have)
		problem(v, "a new trail starts here (audit_start): it is not "
		        "tied to the records before it (the kiosk found its file "
		        "broken, or records were replaced)");
}

/* Is this record the one after the last? */
static void check_chain(struct vstate *v, const struct audit_rec *r)
{
	if (!v->have || strcmp(r->event, "audit_start") == 0)
		return;
	if (r->seq != v->last.seq + 1)
		problem(v, "seq %llu follows seq %llu: records missing or out "
		        "of order", r->seq, v->last.seq);
	else if (strcmp(r->prev, v->last.mac) != 0)
		problem(v, "prev is not the mac of seq %llu before it: records "
		        "missing or changed", v->last.seq);
}

/* Check one line (without its newline). */
static void check_line(struct vstate *v, const char *line, size_t len)
{
	struct audit_rec r;
	const char *why;

	if (audit_line_parse(line, len, &r, &why) < 0) {
		problem(v, "not an audit record: %s", why);
		return;
	}
	v->records++;
	if (!audit_line_mac_ok(v->key, line, &r)) {
		v->mac_bad++;
		problem(v, "seq %llu: mac does not match: the record was changed "
		        "(or the key is wrong)", r.seq);
	}
	check_start(v, &r);
	check_chain(v, &r);
	if (!v->have)
		v->first_seq = r.seq;
	/* go on from this record as written, so one change is one problem */
	v->last = r;
	v->have = true;
	v->first_in_file = false;
}

/* Check one file; 0, or -1 when it cannot be read. */
static int check_file(struct vstate *v, const char *path, FILE *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f) {
		fprintf(err, "eidkiosk: %s: cannot open: %s\n", path,
		        strerror(errno));
		return -1;
	}
	v->file = path;
	v->lineno = 0;
	v->first_in_file = true;
	while ((n = getline(&line, &cap, f)) > 0) {
		v->lineno++;
		if (line[n - 1] != '\n') {
			problem(v, "the last record is cut short (no end of line)");
			break;
		}
		check_line(v, line, (size_t)n - 1);
	}
	free(line);
	fclose(f);
	return 0;
}

/* The summary: where the trail ends, or how many problems. */
static int verify_summary(struct vstate *v)
{
	if (v->problems > SHOW_MAX)
		fprintf(v->out, "... and %d more\n", v->problems - SHOW_MAX);
	if (v->records > 0 && v->mac_bad == v->records)
		fprintf(v->out, "no record matches the key: is it the right "
		        "audit.key_file?\n");
	if (v->problems) {
		fprintf(v->out, "%d problem%s found\n", v->problems,
		        v->problems == 1 ? "" : "s");
		return 1;
	}
	if (v->records == 0) {
		fprintf(v->out, "ok: 0 records\n");
		return 0;
	}
	fprintf(v->out, "ok: %llu records, seq %llu..%llu, ends at seq %llu "
	        "mac=%s%s\n", v->records, v->first_seq, v->last.seq,
	        v->last.seq, v->last.mac,
	        strcmp(v->last.event, "audit_stop") == 0 ? " (kiosk stopped)" : "");
	return 0;
}

/* Check files as one chain (audit.h). */
int audit_verify(const char *key_path, char *const files[], int nfiles,
                 FILE *out, FILE *err)
{
	unsigned char key[AUDIT_KEY_LEN];
	struct vstate v;
	char msg[512];
	int rc = 0;

	if (audit_key_load(key_path, key, false, msg, sizeof msg) < 0) {
		fprintf(err, "eidkiosk: %s\n", msg);
		return 2;
	}
	memset(&v, 0, sizeof v);
	v.key = key;
	v.out = out;
	for (int i = 0; i < nfiles && rc == 0; i++)
		rc = check_file(&v, files[i], err);
	OPENSSL_cleanse(key, sizeof key);
	return rc < 0 ? 2 : verify_summary(&v);
}
