/* demo.c - the card service of `eidkiosk --demo`: the same record, event
 * queue and request hand-over as the PC/SC service (pcsc.c's
 * card_event_fd, card_next_event, card_request and card_stop work on it
 * unchanged), with a worker thread that answers requests by running
 * card_ops_run on the in-process virtual card instead of a reader.
 *
 * Threads: the worker owns the virtual card; the main thread only asks
 * (insert, remove, start state) through fields under cs->mu and wakes the
 * worker on cs->cv, exactly as card_request does. No watcher thread: the
 * virtual card never hangs.
 *
 * The demo cards' certificates come from a test CA made at start-up in a
 * private temporary directory, which the chain check trusts; the worker
 * removes it when it stops. */
#include "build-config.h"
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <openssl/crypto.h>
#include "card_ops.h"
#include "demo.h"
#include "pcsc_int.h"
#include "vcard_pki.h"

#define DEMO_READER "eidkiosk demo reader 00 00"

/* The service record first: card_stop frees the whole block through it. */
struct demo_service {
	struct card_service cs;
	/* --- under cs.mu --- */
	bool want_in;               /* the card should be in the reader */
	bool fresh;                 /* the next insertion makes a new card */
	enum demo_card kind;        /* ... of this kind */
	bool in_shown;              /* the last insert/remove posted */
	/* --- worker only --- */
	struct vcard vc;
	bool have_vc, in;
	const struct card_profile *profile;
	char ca_dir[64];            /* the demo CA; "" when not made */
};

/* The cards F6 goes through, in the order of enum demo_card. */
static const struct demo_kind {
	const char *name;
	enum vcard_start start;
	bool expired, untrusted, wrong_key;
	enum vcard_gen gen;
} demo_kinds[DC_COUNT] = {
	[DC_NEW] = { "new", VS_NEW, false, false, false, VCARD_2022 },
	[DC_PIN1_SET] = { "pin1-set", VS_PIN1_SET, false, false, false,
	                  VCARD_2022 },
	[DC_ACTIVE] = { "active", VS_ACTIVE, false, false, false, VCARD_2022 },
	[DC_PIN1_BLOCKED] = { "pin1-blocked", VS_PIN1_BLOCKED, false, false,
	                      false, VCARD_2022 },
	[DC_PIN2_BLOCKED] = { "pin2-blocked", VS_PIN2_BLOCKED, false, false,
	                      false, VCARD_2022 },
	[DC_LOCKED] = { "locked", VS_LOCKED, false, false, false, VCARD_2022 },
	[DC_EXPIRED] = { "expired", VS_ACTIVE, true, false, false, VCARD_2022 },
	[DC_UNTRUSTED] = { "untrusted", VS_ACTIVE, false, true, false,
	                   VCARD_2022 },
	[DC_WRONG_KEY] = { "wrong-key", VS_ACTIVE, false, false, true,
	                   VCARD_2022 },
	[DC_V31] = { "v3.1", VS_ACTIVE, false, false, false, VCARD_31 },
};

/* The demo record behind a service pointer. */
static struct demo_service *demo_of(struct card_service *cs)
{
	return (struct demo_service *)cs;
}

/* One APDU to the virtual card. */
static enum card_err demo_transmit(void *ctx, const uint8_t *cmd, size_t clen,
                                   uint8_t *resp, size_t *rlen)
{
	struct demo_service *d = ctx;
	uint8_t buf[300];
	size_t n;

	if (!d->in)
		return CE_REMOVED;
	n = vcard_process(&d->vc, cmd, clen, buf);
	if (n > *rlen)
		return CE_MALFORMED;
	memcpy(resp, buf, n);
	*rlen = n;
	OPENSSL_cleanse(buf, sizeof buf);
	return CE_OK;
}

/* A state event like the PC/SC thread posts; card_ready follows it. */
static void demo_post_state(struct demo_service *d, enum card_ev_kind kind)
{
	struct card_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.sig_ok = -1;
	snprintf(ev.reader, sizeof ev.reader, "%s", DEMO_READER);
	if (kind == CEV_CARD_INSERTED) {
		ev.atr_len = vcard_atr(&d->vc, ev.atr);
		pcsc_name_card(&ev, d->profile,
		               profile_known(&d->cs.profiles, ev.atr, ev.atr_len));
	}
	pthread_mutex_lock(&d->cs.mu);
	d->cs.card_ready = kind == CEV_CARD_INSERTED && d->profile;
	pcsc_post_locked(&d->cs, &ev);
	pthread_mutex_unlock(&d->cs.mu);
}

/* A new virtual card of kind k, issued by the demo CA. */
static int demo_make_card(struct demo_service *d, enum demo_card k)
{
	const struct demo_kind *dk = &demo_kinds[k];
	struct vcard_spec spec;
	char *cause = NULL;

	if (d->have_vc)
		vcard_free(&d->vc);
	d->have_vc = false;
	memset(&spec, 0, sizeof spec);
	spec.gen = dk->gen;
	spec.start = dk->start;
	spec.expired = dk->expired;
	spec.untrusted = dk->untrusted;
	spec.wrong_key = dk->wrong_key;
	spec.ca_dir = d->ca_dir[0] ? d->ca_dir : NULL;
	if (vcard_create(&d->vc, &spec, &cause) < 0) {
		fprintf(stderr, "eidkiosk: demo card: %s\n",
		        cause ? cause : "cannot be made");
		free(cause);
		return -1;
	}
	d->have_vc = true;
	return 0;
}

/* Insert (making a card when needed) or remove. */
static void demo_apply(struct demo_service *d, bool in, bool fresh,
                       enum demo_card st)
{
	uint8_t atr[33];
	size_t n;

	if (in && !d->in) {
		if ((fresh || !d->have_vc) && demo_make_card(d, st) < 0)
			return;
		vcard_reset(&d->vc);
		n = vcard_atr(&d->vc, atr);
		d->profile = profile_match(&d->cs.profiles, atr, n);
		d->in = true;
		demo_post_state(d, CEV_CARD_INSERTED);
	} else if (!in && d->in) {
		d->in = false;
		d->profile = NULL;
		demo_post_state(d, CEV_CARD_REMOVED);
		demo_post_state(d, CEV_READER_EMPTY);
	}
}

/* Run a request on the virtual card. */
static void demo_run(struct demo_service *d, const struct card_request *rq,
                     struct card_event *ev)
{
	/* the demo card is a FinEID: T=0 behind a TPDU-level reader */
	struct card_io io = { demo_transmit, d, CARD_T0 };

	memset(ev, 0, sizeof *ev);
	ev->kind = CEV_RESULT;
	ev->req = rq->kind;
	ev->sig_ok = -1;
	ev->res.tries_left = -1;
	if (!d->in || !d->profile) {
		ev->res.err = CE_REMOVED;
		ev->res.kind = SW_OTHER;
		return;
	}
	card_ops_run(&io, d->profile, &d->cs.cfg, rq, ev);
}

/* Take one job with mu held: a card movement or a request. Returns false
 * when there is none. */
static bool demo_take_job(struct demo_service *d)
{
	struct card_service *cs = &d->cs;
	struct card_request rq;
	struct card_event ev;
	bool fresh;

	if (d->want_in != d->in_shown) {
		bool in = d->in_shown = d->want_in;
		enum demo_card st = d->kind;
		fresh = in && d->fresh;
		if (fresh)
			d->fresh = false;
		pthread_mutex_unlock(&cs->mu);
		demo_apply(d, in, fresh, st);
		pthread_mutex_lock(&cs->mu);
		return true;
	}
	if (!cs->req_waiting)
		return false;
	rq = cs->req;
	cs->req_waiting = false;
	pthread_mutex_unlock(&cs->mu);
	demo_run(d, &rq, &ev);
	pthread_mutex_lock(&cs->mu);
	pcsc_post_locked(cs, &ev);
	cs->busy = false;
	return true;
}

/* Make the demo CA in a private temporary directory; the chain check
 * trusts it instead of the site's CA file. */
static int demo_ca_make(struct demo_service *d, char **cause)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(d->ca_dir, sizeof d->ca_dir, "%s/eidkiosk-demo.XXXXXX",
	         tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(d->ca_dir)) {
		d->ca_dir[0] = '\0';
		if (asprintf(cause, "demo CA: %s", strerror(errno)) < 0)
			*cause = NULL;
		return -1;
	}
	if (vcard_ca_ensure(d->ca_dir, cause) < 0)
		return -1;
	free(d->cs.ca_file);
	if (asprintf(&d->cs.ca_file, "%s/ca.pem", d->ca_dir) < 0) {
		d->cs.ca_file = NULL;
		*cause = strdup("demo CA: out of memory");
		return -1;
	}
	d->cs.cfg.ca_file = d->cs.ca_file;
	return 0;
}

/* Remove the demo CA's directory and what is in it. */
static void demo_ca_remove(struct demo_service *d)
{
	DIR *dir;
	struct dirent *e;

	if (!d->ca_dir[0] || !(dir = opendir(d->ca_dir)))
		return;
	while ((e = readdir(dir)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dirfd(dir), e->d_name, 0);
	closedir(dir);
	rmdir(d->ca_dir);
	d->ca_dir[0] = '\0';
}

/* The worker: waits on cv for card movements, requests and stop. */
static void *demo_main(void *arg)
{
	struct demo_service *d = arg;
	struct card_service *cs = &d->cs;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_mutex_lock(&cs->mu);
	while (!cs->stop)
		if (!demo_take_job(d))
			pthread_cond_wait(&cs->cv, &cs->mu);
	cs->thread_done = true;
	pthread_cond_broadcast(&cs->cv);
	pthread_mutex_unlock(&cs->mu);
	if (d->have_vc)
		vcard_free(&d->vc);
	d->have_vc = false;
	demo_ca_remove(d);
	return NULL;
}

/* Locks, queue, eventfd and our copies of the configuration strings. */
static int demo_init(struct card_service *cs, const struct card_config *cfg,
                     char **cause)
{
	pthread_condattr_t ca;

	pthread_mutex_init(&cs->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cs->cv, &ca);
	pthread_condattr_destroy(&ca);
	cs->reader_match = strdup("");
	cs->cards_conf = strdup(cfg->cards_conf ? cfg->cards_conf : "");
	cs->ca_file = strdup(cfg->ca_file ? cfg->ca_file : "");
	cs->q = calloc(PCSC_QUEUE_MAX, sizeof *cs->q);
	cs->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!cs->reader_match || !cs->cards_conf || !cs->ca_file || !cs->q ||
	    cs->efd < 0) {
		if (asprintf(cause, "demo card service: %s", strerror(errno)) < 0)
			*cause = NULL;
		return -1;
	}
	snprintf(cs->readers, sizeof cs->readers, "%s", DEMO_READER);
	cs->cfg.reader_match = cs->reader_match;
	cs->cfg.cards_conf = cs->cards_conf;
	cs->cfg.ca_file = cs->ca_file;
	return profile_load(cs->cards_conf, &cs->profiles, cause);
}

/* Start the demo service with an empty reader. */
struct card_service *card_start_demo(const struct card_config *cfg,
                                     char **cause)
{
	struct demo_service *d = calloc(1, sizeof *d);
	struct card_service *cs;

	*cause = NULL;
	if (!d) {
		*cause = strdup("demo card service: out of memory");
		return NULL;
	}
	cs = &d->cs;
	cs->efd = -1;
	d->kind = DC_NEW;
	d->fresh = true;
	if (demo_init(cs, cfg, cause) < 0 || demo_ca_make(d, cause) < 0) {
		demo_ca_remove(d);
		card_stop(cs);
		return NULL;
	}
	demo_post_state(d, CEV_READER_EMPTY);
	if (pthread_create(&cs->thread, NULL, demo_main, d) != 0) {
		*cause = strdup("demo card service: cannot start a thread");
		card_stop(cs);
		return NULL;
	}
	cs->thread_started = true;
	pthread_setname_np(cs->thread, "eidkiosk-card");
	return cs;
}

/* Insert or remove. */
void demo_toggle_card(struct card_service *cs)
{
	struct demo_service *d = demo_of(cs);

	pthread_mutex_lock(&cs->mu);
	d->want_in = !d->want_in;
	pthread_cond_broadcast(&cs->cv);
	pthread_mutex_unlock(&cs->mu);
}

/* The kind of the next fresh card. */
void demo_set_card(struct card_service *cs, enum demo_card k)
{
	struct demo_service *d = demo_of(cs);

	pthread_mutex_lock(&cs->mu);
	d->kind = (unsigned)k < DC_COUNT ? k : DC_NEW;
	d->fresh = true;
	pthread_mutex_unlock(&cs->mu);
}

/* Cycle through the kinds. */
void demo_next_card(struct card_service *cs)
{
	demo_set_card(cs, (enum demo_card)((demo_card(cs) + 1) % DC_COUNT));
}

/* Whether the card is (asked to be) in. */
bool demo_card_in(struct card_service *cs)
{
	struct demo_service *d = demo_of(cs);
	bool in;

	pthread_mutex_lock(&cs->mu);
	in = d->want_in;
	pthread_mutex_unlock(&cs->mu);
	return in;
}

/* The next fresh card's kind. */
enum demo_card demo_card(struct card_service *cs)
{
	struct demo_service *d = demo_of(cs);
	enum demo_card k;

	pthread_mutex_lock(&cs->mu);
	k = d->kind;
	pthread_mutex_unlock(&cs->mu);
	return k;
}

/* The name of the next fresh card's kind. */
const char *demo_card_name(struct card_service *cs)
{
	return demo_kinds[demo_card(cs)].name;
}
