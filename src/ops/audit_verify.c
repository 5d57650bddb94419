/* audit_verify.c - eidkiosk --verify-audit: check audit files, oldest
 * first, as one chain. Each record's MAC must match the key of its seq
 * (evolved from the trail's initial key; an old trail has one fixed key),
 * its seq must follow the record before and its prev must be that
 * record's mac, but for records lost to the file that an audit_lost right
 * after them names; a file must begin with audit_start, audit_rotate or
 * the kiosk's own gap and loss records, or go on from the file before it.
 * An audit_gap (the kiosk found its file cut or changed) is a problem.
 * When the kiosk's key file can be read and names the last file, that
 * file must end where the kiosk says it does: a cut tail shows. Otherwise
 * the verifier prints where the trail ends, for comparing with syslog,
 * which got every record too. */
#include "build-config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/crypto.h>
#include "audit.h"
#include "audit_int.h"
#include "cause.h"

#define SHOW_MAX 50   /* problems printed; the rest are counted */

struct vstate {
	struct audit_keys *keys;
	FILE *out;
	const char *file;
	long lineno;
	int problems;
	unsigned long long records, mac_bad, first_seq, lost;
	bool have;                      /* a record before this one */
	struct audit_rec last;          /* it */
	bool first_in_file;
	const struct audit_state *kiosk;/* the kiosk's own note of the end */
	bool kiosk_file;                /* this file is the one it writes */
};

/* Print one line about the current line: a problem (counted) or a note. */
static void say(struct vstate *v, bool is_problem, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(struct vstate *v, bool is_problem, const char *fmt, ...)
{
	va_list ap;

	if (is_problem && ++v->problems > SHOW_MAX)
		return;
	fprintf(v->out, "%s:%ld: %s", v->file, v->lineno,
	        is_problem ? "" : "note: ");
	va_start(ap, fmt);
	vfprintf(v->out, fmt, ap);
	va_end(ap);
	fputc('\n', v->out);
}

/* Whether the record is one of those that may begin a file. */
static bool begins_file(const struct audit_rec *r)
{
	static const char *const ev[] = { "audit_start", "audit_rotate",
	                                  "audit_lost", "audit_gap", NULL };

	for (int i = 0; ev[i]; i++)
		if (strcmp(r->event, ev[i]) == 0)
			return true;
	return false;
}

/* Does this record begin a file or a trail the way it may? */
static void check_start(struct vstate *v, const struct audit_rec *r)
{
	bool start = strcmp(r->event, "audit_start") == 0;
	bool goes_on = v->have && r->seq == v->last.seq + 1 &&
	               strcmp(r->prev, v->last.mac) == 0;

	if (start && (r->seq != 1 || strcmp(r->prev, audit_zero_mac) != 0))
		say(v, true, "audit_start must be seq 1 with prev 0");
	if (v->first_in_file && !begins_file(r) && !goes_on)
		say(v, true, "the file begins with seq %llu (%s), not audit_start "
		    "or audit_rotate: records removed from its beginning",
		    r->seq, r->event);
	else if (start && v->have)
		say(v, true, "a new trail starts here (audit_start): it is not "
		    "tied to the records before it (the kiosk found its file "
		    "broken, or records were replaced)");
}

/* An audit_lost that names exactly the records missing before it: the
 * gap is announced (noted, not a problem). */
static bool lost_announced(struct vstate *v, const char *line,
                           const struct audit_rec *r)
{
	unsigned long long first = audit_line_num(line, r, "first_seq");
	unsigned long long last = audit_line_num(line, r, "last_seq");

	if (strcmp(r->event, "audit_lost") != 0 || first == 0 || last < first ||
	    last + 1 != r->seq ||
	    audit_line_num(line, r, "count") != last - first + 1 ||
	    (v->have && first != v->last.seq + 1))
		return false;
	v->lost += last - first + 1;
	say(v, false, "seq %llu..%llu (%llu records) never reached the file "
	    "(audit_lost): only syslog has them", first, last, last - first + 1);
	return true;
}

/* Is this record the one after the last? */
static void check_chain(struct vstate *v, const char *line,
                        const struct audit_rec *r)
{
	if (strcmp(r->event, "audit_start") == 0 ||
	    lost_announced(v, line, r) || !v->have)
		return;
	if (r->seq != v->last.seq + 1)
		say(v, true, "seq %llu follows seq %llu: records missing or out "
		    "of order", r->seq, v->last.seq);
	else if (strcmp(r->prev, v->last.mac) != 0)
		say(v, true, "prev is not the mac of seq %llu before it: records "
		    "missing or changed", v->last.seq);
}

/* The MAC under the key of the record's seq. */
static void check_mac(struct vstate *v, const char *line,
                      const struct audit_rec *r)
{
	unsigned char key[AUDIT_KEY_LEN];

	if (audit_keys_get(v->keys, r->seq, key) < 0) {
		say(v, true, "seq %llu is too far beyond the records before it: "
		    "its mac was not checked", r->seq);
		return;
	}
	if (!audit_line_mac_ok(key, line, r)) {
		v->mac_bad++;
		say(v, true, "seq %llu: mac does not match: the record was changed "
		    "(or the key is wrong)", r->seq);
	}
	OPENSSL_cleanse(key, sizeof key);
}

/* What the kiosk itself wrote into the trail or its key file. */
static void check_kiosk(struct vstate *v, const char *line,
                        const struct audit_rec *r)
{
	char why[24];

	if (strcmp(r->event, "audit_gap") == 0)
		say(v, true, "audit_gap reason=%s: the kiosk found its file not "
		    "as it left it: it should have ended at seq %llu, it ended "
		    "at seq %llu",
		    audit_line_field(line, r, "reason", why, sizeof why) ? why
		    : "changed", audit_line_num(line, r, "expected_seq"),
		    audit_line_num(line, r, "found_seq"));
	if (v->kiosk_file && r->seq == v->kiosk->wseq &&
	    strcmp(r->mac, v->kiosk->wmac) != 0)
		say(v, true, "seq %llu is not the record the kiosk wrote (its key "
		    "file holds another mac for it)", r->seq);
}

/* Check one line (without its newline). */
static void check_line(struct vstate *v, const char *line, size_t len)
{
	struct audit_rec r;
	const char *why;

	if (audit_line_parse(line, len, &r, &why) < 0) {
		say(v, true, "not an audit record: %s", why);
		return;
	}
	v->records++;
	check_mac(v, line, &r);
	check_start(v, &r);
	check_chain(v, line, &r);
	check_kiosk(v, line, &r);
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
			say(v, true, "the last record is cut short (no end of line)");
			break;
		}
		check_line(v, line, (size_t)n - 1);
	}
	free(line);
	fclose(f);
	return 0;
}

/* The last file against the kiosk's key file: it must end where the
 * kiosk says it wrote up to. */
static void check_end(struct vstate *v)
{
	const struct audit_state *k = v->kiosk;
	unsigned long long end = v->have ? v->last.seq : 0;

	if (!v->kiosk_file)
		return;
	if (end < k->wseq)
		say(v, true, "the file ends at seq %llu, but the kiosk's key file "
		    "says it wrote up to seq %llu: seq %llu..%llu were cut from "
		    "its end", end, k->wseq, end + 1, k->wseq);
	if (k->seq > k->wseq)
		say(v, false, "seq %llu..%llu wait in the kiosk's memory for the "
		    "file (or were lost when it stopped)", k->wseq + 1, k->seq);
}

/* The summary: where the trail ends, or how many problems. */
static int verify_summary(struct vstate *v)
{
	if (v->problems > SHOW_MAX)
		fprintf(v->out, "... and %d more\n", v->problems - SHOW_MAX);
	if (v->records > 0 && v->mac_bad == v->records)
		fprintf(v->out, "no record matches the key: is it this trail's "
		        "initial key?\n");
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
	        "mac=%s%s", v->records, v->first_seq, v->last.seq,
	        v->last.seq, v->last.mac,
	        strcmp(v->last.event, "audit_stop") == 0 ? " (kiosk stopped)" : "");
	if (v->lost)
		fprintf(v->out, ", %llu lost to the file (syslog has them)",
		        v->lost);
	fprintf(v->out, "%s\n", v->keys->fixed ? ", one fixed key (no forward "
	        "security)" : "");
	return 0;
}

/* Check files with a key stream (audit_int.h). */
int audit_verify_run(struct audit_keys *ks, const struct audit_state *kiosk,
                     char *const files[], int nfiles, FILE *out, FILE *err)
{
	struct vstate v;
	struct stat st;

	memset(&v, 0, sizeof v);
	v.keys = ks;
	v.out = out;
	v.kiosk = kiosk;
	for (int i = 0; i < nfiles; i++) {
		v.kiosk_file = kiosk && kiosk->ino && i == nfiles - 1 &&
		               stat(files[i], &st) == 0 &&
		               (unsigned long long)st.st_dev == kiosk->dev &&
		               (unsigned long long)st.st_ino == kiosk->ino;
		if (check_file(&v, files[i], err) < 0)
			return 2;
	}
	check_end(&v);
	return verify_summary(&v);
}

/* Check files as one chain (audit.h). */
int audit_verify(const char *key_path, const char *state_path,
                 char *const files[], int nfiles, FILE *out, FILE *err)
{
	unsigned char k1[AUDIT_KEY_LEN];
	char *msg = NULL, dflt[600];
	struct audit_state kiosk;
	struct audit_keys ks;
	bool fixed, have_kiosk;
	int rc;

	if (!key_path) {
		snprintf(dflt, sizeof dflt, "%s%s", state_path ? state_path : "",
		         AUDIT_INITIAL_SUFFIX);
		key_path = dflt;
	}
	if (audit_initial_load(key_path, k1, &fixed, &msg) < 0) {
		fprintf(err, "eidkiosk: %s%s\n", cause_text(msg),
		        key_path == dflt ? " (the initial key is kept off the "
		        "kiosk: give it with --key FILE)" : "");
		free(msg);
		return 2;
	}
	have_kiosk = state_path && audit_state_load(state_path, &kiosk,
	                                            NULL) == 0;
	audit_keys_init(&ks, k1, fixed);
	OPENSSL_cleanse(k1, sizeof k1);
	rc = audit_verify_run(&ks, have_kiosk ? &kiosk : NULL, files, nfiles,
	                      out, err);
	audit_keys_free(&ks);
	OPENSSL_cleanse(&kiosk, sizeof kiosk);
	return rc;
}
