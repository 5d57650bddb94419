/* memscan.c - search a running process's memory for codes, and say where
 * each one lies: the mapping (heap, a thread's stack, a library's data,
 * anonymous memory, the locked secret arena), the address and offset, and
 * the bytes around it, so that a failure points at its culprit.
 *
 *   memscan [--held] [--text TEXT] PID CODE...
 *
 * It reads what a core dump would hold (every readable mapping that is
 * writable or anonymous; not the read-only pages of the program and its
 * libraries, whose literals hold digits too) through /proc/PID/mem, and
 * also the locked secret arena (a small MADV_DONTDUMP mapping): after a
 * journey no code may be there either. --held leaves the arena out: a
 * journey is underway and the codes live there lawfully. Other
 * MADV_DONTDUMP mappings (a sanitizer's shadow memory) are left out.
 *
 * A code is looked for as its ASCII digits (as typed, as sent in a padded
 * APDU), as one int per digit (curses' key queue, wint_t) and as the hex
 * of its digits (an APDU written out as text). Digits that sit inside a
 * run of 32 or more hex digits are part of a hex value (a MAC, a key), and
 * so are digits inside a run of 8 or more that holds a letter a-f (an
 * address, as in a copy of /proc/self/maps: "7ffdec258000"), and digits
 * of a certificate's time (12 or 14 digits and a Z: "261206154826Z"): not
 * a code. They are counted and told apart, not reported as found.
 * --text TEXT must be found somewhere, so a scan that sees nothing fails.
 *
 * Exit status: 0 no code found, 1 a code found, 2 the scan could not be
 * done. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1u << 20)
#define OVERLAP 128             /* longer than any pattern */
#define HEX_RUN 32              /* a run this long is a hex value */
#define HEX_WORD 8              /* ... and this long with a letter a-f */
#define ARENA_MAX (1u << 20)    /* a DONTDUMP mapping this small: the arena */
#define REPORT_MAX 10
#define MAX_CODES 8
#define MAX_THREADS 64

enum form { F_ASCII, F_INT, F_HEX, F_COUNT };
static const char *const form_names[F_COUNT] = {
	"digits", "int per digit", "hex of digits",
};

struct pattern {
	const char *code;
	enum form form;
	unsigned char b[OVERLAP];
	size_t len;
};

struct mapping {
	uintptr_t start, end;
	char perms[5];
	char path[256];
	bool dontdump;
};

static struct pattern pats[MAX_CODES * F_COUNT + 1];
static size_t npats;
static const struct pattern *text_pat;
static bool text_seen;
static int mem_fd;
static pid_t pid;
static struct { pid_t tid; uintptr_t sp; char comm[32]; } threads[MAX_THREADS];
static size_t nthreads;
static unsigned long found, hex_values, reported;

static void add_pattern(const char *code, enum form f)
{
	struct pattern *p = &pats[npats++];
	size_t n = strlen(code);

	p->code = code;
	p->form = f;
	for (size_t i = 0; i < n; i++) {
		switch (f) {
		case F_ASCII:
			p->b[p->len++] = (unsigned char)code[i];
			break;
		case F_INT:
			memcpy(p->b + p->len, (int32_t[]){ code[i] }, 4);
			p->len += 4;
			break;
		case F_HEX:
			p->len += (size_t)sprintf((char *)p->b + p->len, "%02x",
			                          (unsigned char)code[i]);
			break;
		case F_COUNT:
			break;
		}
	}
}

/* The threads' stack pointers, to name the stack a match lies in. */
static void read_threads(void)
{
	char path[320], line[512];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if (!(dir = opendir(path)))
		return;
	while ((d = readdir(dir)) && nthreads < MAX_THREADS) {
		FILE *f;
		char *sp;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		threads[nthreads].tid = atoi(d->d_name);
		snprintf(path, sizeof path, "/proc/%d/task/%s/syscall", (int)pid,
		         d->d_name);
		/* "nr args... sp pc", or "-1 sp pc", or "running" */
		if (!(f = fopen(path, "r")))
			continue;
		if (fgets(line, sizeof line, f) && (sp = strrchr(line, ' '))) {
			*sp = '\0';
			if ((sp = strrchr(line, ' ')))
				threads[nthreads].sp = strtoull(sp + 1, NULL, 16);
		}
		fclose(f);
		snprintf(path, sizeof path, "/proc/%d/task/%s/comm", (int)pid,
		         d->d_name);
		if ((f = fopen(path, "r"))) {
			if (fgets(threads[nthreads].comm,
			          sizeof threads[nthreads].comm, f))
				threads[nthreads].comm[strcspn(threads[nthreads].comm,
				                               "\n")] = '\0';
			fclose(f);
		}
		nthreads++;
	}
	closedir(dir);
}

/* What a mapping is, in words. */
static void describe(const struct mapping *m, char *out, size_t cap)
{
	const char *base = strrchr(m->path, '/');

	for (size_t i = 0; i < nthreads; i++)
		if (threads[i].sp >= m->start && threads[i].sp < m->end) {
			snprintf(out, cap, "the stack of thread %d (%s)",
			         (int)threads[i].tid, threads[i].comm);
			return;
		}
	if (m->dontdump)
		snprintf(out, cap, "the locked secret arena");
	else if (strcmp(m->path, "[heap]") == 0)
		snprintf(out, cap, "the heap");
	else if (m->path[0] == '[')
		snprintf(out, cap, "%s", m->path);
	else if (m->path[0])
		snprintf(out, cap, "the data of %s", base ? base + 1 : m->path);
	else
		snprintf(out, cap, "anonymous memory (a thread's malloc arena, "
		         "an mmap'd block or a library's bss)");
}

/* Whether [at, at + len) sits in an ASN.1 time: YYMMDDHHMMSSZ or
 * YYYYMMDDHHMMSSZ. */
static bool in_asn1_time(const unsigned char *ctx, size_t n, size_t at,
                         size_t len)
{
	size_t a = at, b = at + len;

	while (a > 0 && isdigit(ctx[a - 1]))
		a--;
	while (b < n && isdigit(ctx[b]))
		b++;
	return (b - a == 12 || b - a == 14) && b < n && ctx[b] == 'Z';
}

/* Whether [at, at + len) is set aside: it sits in a hex value (a run of
 * hex digits of HEX_RUN or more, or of HEX_WORD or more with a letter among
 * them) or in a certificate's time. */
static bool set_aside(const unsigned char *ctx, size_t n, size_t at,
                         size_t len)
{
	size_t a = at, b = at + len;
	bool letter = false;

	while (a > 0 && isxdigit(ctx[a - 1]))
		letter |= isalpha(ctx[--a]) != 0;
	while (b < n && isxdigit(ctx[b]))
		letter |= isalpha(ctx[b++]) != 0;
	return b - a >= HEX_RUN || (letter && b - a >= HEX_WORD) ||
	       in_asn1_time(ctx, n, at, len);
}

/* One match at addr: a hex value, or a code to report with its bytes. */
static void match(const struct mapping *m, const struct pattern *p,
                  uintptr_t addr)
{
	unsigned char ctx[3 * OVERLAP] = { 0 };
	uintptr_t from = addr - m->start > OVERLAP ? addr - OVERLAP : m->start;
	ssize_t n = pread(mem_fd, ctx, sizeof ctx, (off_t)from);
	size_t at = (size_t)(addr - from);
	char what[320];

	if (n < (ssize_t)(at + p->len)) {     /* gone since it was seen */
		memcpy(ctx + at, p->b, p->len);
		n = (ssize_t)(at + p->len);
	}
	if (p->form == F_ASCII && set_aside(ctx, (size_t)n, at, p->len)) {
		hex_values++;
		return;
	}
	found++;
	if (reported++ >= REPORT_MAX)
		return;
	describe(m, what, sizeof what);
	printf("memscan: code %s (%s) at 0x%" PRIxPTR " in %s, "
	       "0x%" PRIxPTR "-0x%" PRIxPTR " %s +0x%" PRIxPTR ":\n", p->code,
	       form_names[p->form], addr, what, m->start, m->end, m->perms,
	       addr - m->start);
	for (size_t row = at >= 32 ? at - 32 : 0;
	     row < at + p->len + 32 && row < (size_t)n; row += 16) {
		printf("  %+5ld ", (long)row - (long)at);
		for (size_t i = row; i < row + 16; i++)
			if (i < (size_t)n)
				printf("%02x ", ctx[i]);
			else
				printf("   ");
		printf(" |");
		for (size_t i = row; i < row + 16 && i < (size_t)n; i++)
			putchar(isprint(ctx[i]) ? ctx[i] : '.');
		printf("|\n");
	}
}

/* Search buf (starting at address base) for every pattern; a match that
 * ends within the first skip bytes was seen with the previous chunk. */
static void search(const struct mapping *m, const unsigned char *buf,
                   size_t n, uintptr_t base, size_t skip)
{
	for (size_t i = 0; i < npats; i++) {
		const struct pattern *p = &pats[i];
		const unsigned char *s = buf, *hit;

		while ((hit = memmem(s, n - (size_t)(s - buf), p->b, p->len))) {
			if ((size_t)(hit - buf) + p->len > skip) {
				if (p == text_pat)
					text_seen = true;
				else
					match(m, p, base + (uintptr_t)(hit - buf));
			}
			s = hit + 1;
		}
	}
}

/* Read and search one mapping, a chunk at a time; its byte count. */
static uint64_t scan(const struct mapping *m, unsigned char *buf)
{
	uint64_t total = 0;
	size_t keep = 0;

	for (uintptr_t a = m->start; a < m->end;) {
		size_t want = m->end - a > CHUNK ? CHUNK : (size_t)(m->end - a);
		ssize_t n = pread(mem_fd, buf + keep, want, (off_t)a);

		if (n <= 0)
			break;        /* [vvar] and the like cannot be read */
		search(m, buf, keep + (size_t)n, a - keep, keep);
		total += (uint64_t)n;
		a += (uintptr_t)n;
		if ((size_t)n + keep >= OVERLAP) {
			memmove(buf, buf + keep + (size_t)n - OVERLAP, OVERLAP);
			keep = OVERLAP;
		} else {
			keep += (size_t)n;
		}
	}
	return total;
}

/* Whether a mapping is searched: what a core holds, and the arena. */
static bool wanted(const struct mapping *m, bool held)
{
	bool anon = m->path[0] == '\0' || m->path[0] == '[';

	if (m->perms[0] != 'r' || !(m->perms[1] == 'w' || anon))
		return false;
	if (m->dontdump)
		return !held && m->end - m->start <= ARENA_MAX;
	return true;
}

int main(int argc, char **argv)
{
	bool held = false;
	const char *text = NULL;
	char path[64], line[512];
	struct mapping m = { 0 }, next;
	bool have = false;
	unsigned char *buf;
	uint64_t bytes = 0;
	unsigned maps = 0;
	FILE *smaps;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--held") == 0)
			held = true;
		else if (strcmp(argv[i], "--text") == 0 && i + 1 < argc)
			text = argv[++i];
		else
			break;
	}
	if (argc - i < 2 || argc - i - 1 > MAX_CODES) {
		fprintf(stderr, "usage: memscan [--held] [--text TEXT] PID "
		        "CODE... (at most %d codes)\n", MAX_CODES);
		return 2;
	}
	pid = atoi(argv[i++]);
	for (; i < argc; i++) {
		if (strlen(argv[i]) == 0 || strlen(argv[i]) > 24 ||
		    strspn(argv[i], "0123456789") != strlen(argv[i])) {
			fprintf(stderr, "memscan: %s is not a code\n", argv[i]);
			return 2;
		}
		for (int f = 0; f < F_COUNT; f++)
			add_pattern(argv[i], f);
	}
	if (text) {
		struct pattern *p = &pats[npats++];

		p->len = strlen(text) < OVERLAP ? strlen(text) : OVERLAP;
		memcpy(p->b, text, p->len);
		text_pat = p;
	}
	snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
	if ((mem_fd = open(path, O_RDONLY)) < 0) {
		fprintf(stderr, "memscan: %s: %s\n", path, strerror(errno));
		return 2;
	}
	snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
	if (!(smaps = fopen(path, "r")) || !(buf = malloc(CHUNK + OVERLAP))) {
		fprintf(stderr, "memscan: %s: %s\n", path, strerror(errno));
		return 2;
	}
	read_threads();
	/* smaps: a header line per mapping, then its fields, VmFlags last */
	while (fgets(line, sizeof line, smaps)) {
		int used = 0;

		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s %*s %*s %*s %n",
		           &next.start, &next.end, next.perms, &used) == 3 &&
		    used > 0) {
			snprintf(next.path, sizeof next.path, "%s", line + used);
			next.path[strcspn(next.path, "\n")] = '\0';
			next.dontdump = false;
			m = next;
			have = true;
		} else if (have && strncmp(line, "VmFlags:", 8) == 0) {
			m.dontdump = strstr(line, " dd") != NULL;
			if (wanted(&m, held)) {
				bytes += scan(&m, buf);
				maps++;
			}
			have = false;
		}
	}
	fclose(smaps);
	free(buf);
	if (bytes == 0) {
		fprintf(stderr, "memscan: nothing of process %d could be read\n",
		        (int)pid);
		return 2;
	}
	if (text && !text_seen) {
		fprintf(stderr, "memscan: '%s' is nowhere in %" PRIu64 " bytes: "
		        "the scan does not see the program's text\n", text, bytes);
		return 2;
	}
	if (reported > REPORT_MAX)
		printf("memscan: ... and %lu more\n", reported - REPORT_MAX);
	printf("memscan: %lu code%s found in %u mappings, %" PRIu64 " bytes "
	       "of process %d%s; %lu match%s inside hex values and times (MACs, "
	       "keys, addresses, certificates) set aside\n", found, found == 1 ? "" : "s", maps, bytes,
	       (int)pid, held ? " (the secret arena left out)" : "",
	       hex_values, hex_values == 1 ? "" : "es");
	return found ? 1 : 0;
}
