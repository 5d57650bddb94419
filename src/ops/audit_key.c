/* audit_key.c - the audit trail's keys. Record i is MACed with key K(i);
 * K(i+1) = HMAC-SHA256(K(i), "eidkiosk audit key evolve"), and the kiosk
 * keeps only the key of the next record, so whoever steals it can forge
 * nothing written before. The kiosk's key file (audit.key_file) holds that
 * key and where the chain ends (the state), rewritten atomically with
 * every record; the initial key K(1) is written once, for the operator to
 * keep off the kiosk: the verifier evolves it record by record. Key files
 * are text, owner-only (mode 0600), never followed through a link; an old
 * key file (64 hex digits: one fixed key for every record) is told apart. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "audit_int.h"
#include "cause.h"
#include "hex.h"
#include "secret_file.h"

#define STATE_TAG "eidkiosk-audit-state 2\n"
#define INITIAL_TAG "eidkiosk-audit-initial-key 2\n"
#define KEY_FILE_MAX 1024

static const char evolve_label[] = "eidkiosk audit key evolve";

/* K(i+1) from K(i), in place (the old key is gone). */
int audit_key_evolve(unsigned char key[AUDIT_KEY_LEN])
{
	unsigned char next[32];
	size_t n = 0;
	int rc = 0;

	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, AUDIT_KEY_LEN,
	               (const unsigned char *)evolve_label,
	               sizeof evolve_label - 1, next, sizeof next, &n) ||
	    n != sizeof next) {
		ERR_clear_error();
		rc = -1;
	} else {
		memcpy(key, next, AUDIT_KEY_LEN);
	}
	OPENSSL_cleanse(next, sizeof next);
	return rc;
}

/* A whole key file (the owner alone may read it) as text. */
static int key_file_read(const char *path, char *buf, size_t cap,
                         bool *missing, char **cause)
{
	return secret_file_read(path, 077, "make it 600, owned by the kiosk's "
	                        "user", buf, cap, missing, cause);
}

/* The value of line "name=..." in text, up to its end of line; its length
 * in *len, or NULL. */
static const char *kv(const char *text, const char *name, size_t *len)
{
	size_t nl = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, name, nl) == 0 && p[nl] == '=') {
			*len = strcspn(p + nl + 1, "\n");
			return p + nl + 1;
		}
	return NULL;
}

/* A 64-hex-digit field into 32 bytes or (bytes NULL) kept as text. */
static bool kv_hex(const char *text, const char *name, unsigned char *bytes,
                   char *hexout)
{
	char hex[AUDIT_HEX + 1];
	size_t n;
	const char *v = kv(text, name, &n);
	bool ok = v && n == AUDIT_HEX && audit_is_hex(v, n);

	if (ok) {
		memcpy(hex, v, n);
		hex[n] = '\0';
		if (hexout)
			memcpy(hexout, hex, sizeof hex);
		if (bytes)
			ok = hex_decode(hex, bytes, AUDIT_KEY_LEN) == AUDIT_KEY_LEN;
	}
	OPENSSL_cleanse(hex, sizeof hex);
	return ok;
}

/* A number field. */
static bool kv_num(const char *text, const char *name,
                   unsigned long long *out)
{
	size_t n;
	const char *v = kv(text, name, &n);
	char *end;

	if (!v || n == 0 || n > 20 || v[0] < '0' || v[0] > '9')
		return false;
	*out = strtoull(v, &end, 10);
	return end == v + n;
}

/* Whether text is the old format: 64 hex digits, maybe a newline. */
static bool old_fixed_key(const char *text, int n)
{
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	return n == AUDIT_HEX && audit_is_hex(text, AUDIT_HEX);
}

/* Parse the state's fields. */
static bool state_parse(const char *text, struct audit_state *st)
{
	size_t n;
	const char *f = kv(text, "file", &n);

	return kv_num(text, "seq", &st->seq) && kv_hex(text, "mac", NULL, st->mac)
	       && kv_num(text, "written", &st->wseq) &&
	       kv_hex(text, "written_mac", NULL, st->wmac) && f &&
	       sscanf(f, "%llu:%llu", &st->dev, &st->ino) == 2 &&
	       kv_hex(text, "key", st->key, NULL) && st->wseq <= st->seq;
}

/* Load the kiosk's state (audit_int.h). */
int audit_state_load(const char *path, struct audit_state *st,
                     char **cause)
{
	char text[KEY_FILE_MAX];
	bool missing;
	int n, rc = -1;

	memset(st, 0, sizeof *st);
	if (!path || !*path) {
		cause_set(cause, "no audit key file set (audit.key_file)");
		return -1;
	}
	n = key_file_read(path, text, sizeof text, &missing, cause);
	if (n < 0) {
		if (!missing)
			return -1;
		cause_drop(cause);      /* no key file yet: a new trail */
		return 1;
	}
	if (old_fixed_key(text, n)) {
		text[AUDIT_HEX] = '\0';
		rc = hex_decode(text, st->key, AUDIT_KEY_LEN) == AUDIT_KEY_LEN ? 2
		     : -1;
	} else if (strncmp(text, STATE_TAG, sizeof STATE_TAG - 1) == 0 &&
	           state_parse(text, st)) {
		rc = 0;
	}
	if (rc < 0)
		cause_set(cause, "%s: not an audit key file of eidkiosk", path);
	OPENSSL_cleanse(text, sizeof text);
	return rc;
}

/* The directory of path: made (0700) when missing; "." for a bare name. */
static int key_dir(const char *path, char *dir, size_t dirsz, char **cause)
{
	char *slash;

	snprintf(dir, dirsz, "%s", path);
	if (!(slash = strrchr(dir, '/'))) {
		snprintf(dir, dirsz, ".");
		return 0;
	}
	if (slash == dir)
		slash++;
	*slash = '\0';
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		cause_set(cause, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Write text to a new file (O_EXCL, 0600) and flush it to disk; 0 or -1
 * with *cause (nothing left behind). */
static int file_put_new(const char *path, const char *text, size_t n,
                        char **cause)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	              O_CLOEXEC, 0600);

	if (fd < 0) {
		cause_set(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (write(fd, text, n) != (ssize_t)n || fsync(fd) < 0) {
		cause_set(cause, "%s: %s", path, errno ? strerror(errno)
		          : "short write");
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* Save the kiosk's state (audit_int.h). */
int audit_state_save(const char *path, const struct audit_state *st,
                     char **cause)
{
	char text[KEY_FILE_MAX], tmp[600], dir[512];
	int n, rc, dfd;

	snprintf(text, sizeof text, "%sseq=%llu\nmac=%s\nwritten=%llu\n"
	         "written_mac=%s\nfile=%llu:%llu\nkey=", STATE_TAG, st->seq,
	         st->mac, st->wseq, st->wmac, st->dev, st->ino);
	n = (int)strlen(text);
	hex_encode(st->key, AUDIT_KEY_LEN, '\0', false, text + n,
	           sizeof text - (size_t)n);
	n += (int)strlen(text + n);
	n += snprintf(text + n, sizeof text - (size_t)n, "\n");
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	unlink(tmp);                    /* left by a crash */
	rc = key_dir(path, dir, sizeof dir, cause) < 0 ? -1
	     : file_put_new(tmp, text, (size_t)n, cause);
	OPENSSL_cleanse(text, sizeof text);
	if (rc == 0 && rename(tmp, path) < 0) {
		cause_set(cause, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (rc == 0 && (dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);             /* the rename itself on disk */
		close(dfd);
	}
	return rc;
}

/* The initial key file's text: what it is, and the key. */
static int initial_text(char *text, size_t cap,
                        const unsigned char k1[AUDIT_KEY_LEN])
{
	int n = snprintf(text, cap, "%s# The first key of an eidkiosk audit "
	                 "trail. It checks every record\n# (eidkiosk "
	                 "--verify-audit --key THIS-FILE) and can forge any: "
	                 "keep it\n# off the kiosk, readable by whoever checks "
	                 "the trail only.\nkey=", INITIAL_TAG);

	hex_encode(k1, AUDIT_KEY_LEN, '\0', false, text + n, cap - (size_t)n);
	n += (int)strlen(text + n);
	return n + snprintf(text + n, cap - (size_t)n, "\n");
}

/* A new trail (audit_int.h). */
int audit_trail_new(const char *path, const unsigned char k1[AUDIT_KEY_LEN],
                    const char *initial, FILE *out, char **cause)
{
	struct audit_state st;
	char text[KEY_FILE_MAX], dir[512];
	int n, rc = -1;

	if (access(path, F_OK) == 0 || errno != ENOENT) {
		cause_set(cause, "%s already exists: an audit trail goes on "
		          "with it", path);
		return -1;
	}
	memset(&st, 0, sizeof st);
	memcpy(st.key, k1, AUDIT_KEY_LEN);
	memcpy(st.mac, audit_zero_mac, sizeof st.mac);
	memcpy(st.wmac, audit_zero_mac, sizeof st.wmac);
	n = initial_text(text, sizeof text, k1);
	if (!initial)
		rc = fwrite(text, 1, (size_t)n, out) == (size_t)n &&
		     fflush(out) == 0 ? 0 : -1;
	else if (key_dir(initial, dir, sizeof dir, cause) == 0)
		rc = file_put_new(initial, text, (size_t)n, cause);
	if (rc < 0 && !initial)
		cause_set(cause, "cannot write the initial key");
	OPENSSL_cleanse(text, sizeof text);
	if (rc == 0 && (rc = audit_state_save(path, &st, cause)) < 0 &&
	    initial)
		unlink(initial);
	OPENSSL_cleanse(&st, sizeof st);
	return rc;
}

/* The verifier's key (audit_int.h). */
int audit_initial_load(const char *path, unsigned char k1[AUDIT_KEY_LEN],
                       bool *fixed, char **cause)
{
	char text[KEY_FILE_MAX];
	bool missing;
	int n, rc = -1;

	if ((n = key_file_read(path, text, sizeof text, &missing, cause)) < 0)
		return -1;
	*fixed = old_fixed_key(text, n);
	if (*fixed) {
		text[AUDIT_HEX] = '\0';
		rc = hex_decode(text, k1, AUDIT_KEY_LEN) == AUDIT_KEY_LEN ? 0 : -1;
	} else if (strncmp(text, INITIAL_TAG, sizeof INITIAL_TAG - 1) == 0) {
		rc = kv_hex(text, "key", k1, NULL) ? 0 : -1;
	} else if (strncmp(text, STATE_TAG, sizeof STATE_TAG - 1) == 0) {
		cause_set(cause, "%s is the kiosk's current key: it checks "
		          "nothing written before it; give the trail's initial "
		          "key (--key FILE)", path);
		OPENSSL_cleanse(text, sizeof text);
		return -1;
	}
	if (rc < 0)
		cause_set(cause, "%s: not an audit key (an initial key, or 64 "
		          "hex digits)", path);
	OPENSSL_cleanse(text, sizeof text);
	return rc;
}

/* Start a key stream at the initial key. */
void audit_keys_init(struct audit_keys *ks, const unsigned char *k1,
                     bool fixed)
{
	memset(ks, 0, sizeof *ks);
	memcpy(ks->k1, k1, AUDIT_KEY_LEN);
	memcpy(ks->cur, k1, AUDIT_KEY_LEN);
	ks->cur_seq = ks->hi = 1;
	ks->fixed = fixed;
	ks->skip_max = AUDIT_SKIP_MAX;
}

/* Move cur one record on, keeping a checkpoint where one is due. */
static int keys_step(struct audit_keys *ks)
{
	void *p;

	if (audit_key_evolve(ks->cur) < 0)
		return -1;
	if (++ks->cur_seq > ks->hi)
		ks->hi = ks->cur_seq;
	/* checkpoint j holds the key of seq 1 + (j + 1) * EVERY */
	if ((ks->cur_seq - 1) % AUDIT_KEYS_EVERY != 0 ||
	    (ks->cur_seq - 1) / AUDIT_KEYS_EVERY != ks->ncp + 1)
		return 0;
	if (!(p = realloc(ks->cp, (ks->ncp + 1) * sizeof ks->cp[0])))
		return -1;
	ks->cp = p;
	memcpy(ks->cp[ks->ncp++], ks->cur, AUDIT_KEY_LEN);
	return 0;
}

/* The key of record seq (audit_int.h). */
int audit_keys_get(struct audit_keys *ks, unsigned long long seq,
                   unsigned char out[AUDIT_KEY_LEN])
{
	unsigned long long i, base;

	if (ks->fixed || seq <= 1) {
		memcpy(out, ks->k1, AUDIT_KEY_LEN);
		return 0;
	}
	if (seq > ks->hi && seq - ks->hi > ks->skip_max)
		return -1;
	i = (seq - 1) / AUDIT_KEYS_EVERY;
	if (i > ks->ncp)
		i = ks->ncp;
	base = i * AUDIT_KEYS_EVERY + 1;   /* the nearest key kept below seq */
	if (seq < ks->cur_seq || base > ks->cur_seq) {
		memcpy(ks->cur, i == 0 ? ks->k1 : ks->cp[i - 1], AUDIT_KEY_LEN);
		ks->cur_seq = base;
	}
	while (ks->cur_seq < seq)
		if (keys_step(ks) < 0)
			return -1;
	memcpy(out, ks->cur, AUDIT_KEY_LEN);
	return 0;
}

/* Wipe and free a key stream. */
void audit_keys_free(struct audit_keys *ks)
{
	if (ks->cp)
		OPENSSL_cleanse(ks->cp, ks->ncp * sizeof ks->cp[0]);
	free(ks->cp);
	OPENSSL_cleanse(ks, sizeof *ks);
}
