/* demo.c - the demo backend of the card service (service.c) for
 * `eidkiosk --demo`: a worker thread that answers requests by running
 * card_ops_run on the in-process virtual card instead of a reader, and the
 * demo's keys (F5, F6) and screen line.
 *
 * Threads: the worker owns the virtual card; the main thread only asks
 * (insert, remove, start state) through fields under the service's lock
 * and wakes the worker, as card_request does. No watcher thread: the
 * virtual card never hangs.
 *
 * The demo cards' certificates come from a test CA made at start-up in a
 * private temporary directory, which the chain check trusts; it is removed
 * when the service stops. */
#include "build-config.h"
#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "card_ops.h"
#include "demo.h"
#include "service_int.h"
#include "vcard_pki.h"

#define DEMO_READER "eidkiosk demo reader 00 00"

/* The backend's record (cs->impl). */
struct demo_service {
	/* --- under the service's lock --- */
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

/* How each kind of card (card.h) is made. */
static const struct demo_kind {
	enum vcard_start start;
	bool expired, untrusted, wrong_key;
	enum vcard_gen gen;
} demo_kinds[DC_COUNT] = {
	[DC_NEW] = { VS_NEW, false, false, false, VCARD_2022 },
	[DC_PIN1_SET] = { VS_PIN1_SET, false, false, false, VCARD_2022 },
	[DC_ACTIVE] = { VS_ACTIVE, false, false, false, VCARD_2022 },
	[DC_PIN1_BLOCKED] = { VS_PIN1_BLOCKED, false, false, false,
	                      VCARD_2022 },
	[DC_PIN2_BLOCKED] = { VS_PIN2_BLOCKED, false, false, false,
	                      VCARD_2022 },
	[DC_LOCKED] = { VS_LOCKED, false, false, false, VCARD_2022 },
	[DC_EXPIRED] = { VS_ACTIVE, true, false, false, VCARD_2022 },
	[DC_UNTRUSTED] = { VS_ACTIVE, false, true, false, VCARD_2022 },
	[DC_WRONG_KEY] = { VS_ACTIVE, false, false, true, VCARD_2022 },
	[DC_V31] = { VS_ACTIVE, false, false, false, VCARD_31 },
};

/* The kinds' names (demo_card_name). */
static const char *const demo_names[] = { DEMO_CARD_LIST(XLIST_NAME) };

/* The demo record behind a service pointer. */
static struct demo_service *demo_of(struct card_service *cs)
{
	return cs->impl;
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
static void demo_post_state(struct card_service *cs, enum card_ev_kind kind)
{
	struct demo_service *d = demo_of(cs);
	struct card_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.sig_ok = -1;
	snprintf(ev.reader, sizeof ev.reader, "%s", DEMO_READER);
	if (kind == CEV_CARD_INSERTED) {
		ev.atr_len = vcard_atr(&d->vc, ev.atr);
		service_name_card(&ev, d->profile,
		                  profile_known(&cs->profiles, ev.atr, ev.atr_len));
	}
	service_post_state(cs, &ev, kind == CEV_CARD_INSERTED && d->profile);
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
static void demo_apply(struct card_service *cs, bool in, bool fresh,
                       enum demo_card st)
{
	struct demo_service *d = demo_of(cs);
	uint8_t atr[33];
	size_t n;

	if (in && !d->in) {
		if ((fresh || !d->have_vc) && demo_make_card(d, st) < 0)
			return;
		vcard_reset(&d->vc);
		n = vcard_atr(&d->vc, atr);
		d->profile = profile_match(&cs->profiles, atr, n);
		d->in = true;
		demo_post_state(cs, CEV_CARD_INSERTED);
	} else if (!in && d->in) {
		d->in = false;
		d->profile = NULL;
		demo_post_state(cs, CEV_CARD_REMOVED);
		demo_post_state(cs, CEV_READER_EMPTY);
	}
}

/* Run a request on the virtual card. */
static void demo_run(struct card_service *cs, const struct card_request *rq,
                     struct card_event *ev)
{
	struct demo_service *d = demo_of(cs);
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
	card_ops_run(&io, d->profile, &cs->cfg, rq, ev);
}

/* Take one job with the lock held: a card movement or a request. Returns
 * false when there is none. */
static bool demo_take_job(struct card_service *cs)
{
	struct demo_service *d = demo_of(cs);
	struct card_request rq;
	struct card_event ev;
	bool fresh;

	if (d->want_in != d->in_shown) {
		bool in = d->in_shown = d->want_in;
		enum demo_card st = d->kind;
		fresh = in && d->fresh;
		if (fresh)
			d->fresh = false;
		service_unlock(cs);
		demo_apply(cs, in, fresh, st);
		service_lock(cs);
		return true;
	}
	if (!service_take_request(cs, &rq))
		return false;
	service_unlock(cs);
	demo_run(cs, &rq, &ev);
	service_lock(cs);
	service_answer_locked(cs, &ev);
	return true;
}

/* Make the demo CA in a private temporary directory; the chain check
 * trusts it instead of the site's CA file. */
static int demo_ca_make(struct card_service *cs, char **cause)
{
	struct demo_service *d = demo_of(cs);
	const char *tmp = getenv("TMPDIR");
	char *ca;
	int rc;

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
	if (asprintf(&ca, "%s/ca.pem", d->ca_dir) < 0)
		ca = NULL;
	rc = ca ? service_trust(cs, ca) : -1;
	free(ca);
	if (rc < 0)
		*cause = strdup("demo CA: out of memory");
	return rc;
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

/* The worker: waits for card movements, requests and stop. */
static void demo_main(struct card_service *cs)
{
	service_lock(cs);
	while (!cs->stop)
		if (!demo_take_job(cs))
			service_wait(cs);
	service_unlock(cs);
}

/* After the worker: the card and the demo CA go (nothing is left stuck:
 * the virtual card always answers). */
static void demo_end(struct card_service *cs, bool joined)
{
	struct demo_service *d = demo_of(cs);

	if (!joined)
		return;
	if (d->have_vc)
		vcard_free(&d->vc);
	d->have_vc = false;
	demo_ca_remove(d);
}

/* The one reader the demo has. */
static void demo_readers(struct card_service *cs, char *buf, size_t n)
{
	(void)cs;
	snprintf(buf, n, "%s", DEMO_READER);
}

/* F5 puts the card in or takes it out, F6 chooses the next kind. */
static bool demo_key(struct card_service *cs, int key)
{
	if (key == KEY_F(5))
		demo_toggle_card(cs);
	else if (key == KEY_F(6))
		demo_next_card(cs);
	else
		return false;
	return true;
}

/* The demo line: the card in or out, the next fresh card's kind, and the
 * activation code every demo card has. */
static bool demo_line(struct card_service *cs, struct card_demo_line *out)
{
	out->card_in = demo_card_in(cs);
	out->next = demo_card(cs);
	out->code = VCARD_DEFAULT_PUK;
	return true;
}

/* What the service core asks of the demo. */
static const struct card_backend demo_backend = {
	.name = "demo card service",
	.size = sizeof(struct demo_service),
	.run = demo_main,
	.readers = demo_readers,
	.end = demo_end,
	.demo_key = demo_key,
	.demo_line = demo_line,
};

/* Start the demo service with an empty reader. */
struct card_service *card_start_demo(const struct card_config *cfg,
                                     char **cause)
{
	struct card_config c = { "", cfg->cards_conf, cfg->ca_file, false };
	struct card_service *cs = service_new(&demo_backend, &c, cause);
	struct demo_service *d;

	if (!cs)
		return NULL;
	d = demo_of(cs);
	d->kind = DC_NEW;
	d->fresh = true;
	if (demo_ca_make(cs, cause) < 0) {
		card_stop(cs);
		return NULL;
	}
	demo_post_state(cs, CEV_READER_EMPTY);
	return service_start(cs, cause);
}

/* Insert or remove. */
void demo_toggle_card(struct card_service *cs)
{
	struct demo_service *d = demo_of(cs);

	service_lock(cs);
	d->want_in = !d->want_in;
	service_wake(cs);
	service_unlock(cs);
}

/* The kind of the next fresh card. */
void demo_set_card(struct card_service *cs, enum demo_card k)
{
	struct demo_service *d = demo_of(cs);

	service_lock(cs);
	d->kind = (unsigned)k < DC_COUNT ? k : DC_NEW;
	d->fresh = true;
	service_unlock(cs);
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

	service_lock(cs);
	in = d->want_in;
	service_unlock(cs);
	return in;
}

/* The next fresh card's kind. */
enum demo_card demo_card(struct card_service *cs)
{
	struct demo_service *d = demo_of(cs);
	enum demo_card k;

	service_lock(cs);
	k = d->kind;
	service_unlock(cs);
	return k;
}

/* The name of the next fresh card's kind. */
const char *demo_card_name(struct card_service *cs)
{
	return XLIST_LOOKUP(demo_names, demo_card(cs), "?");
}
