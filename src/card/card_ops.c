/* card_ops.c - what one request means as FinEID commands, on any card_io.
 *
 *   READ_INFO  select, document number, auth and sign certificates, the
 *              status of PIN1, PIN2 and the activation code
 *   ACTIVATE   select, reset retry counter, the three statuses
 *   CHANGE     select, change reference data, the three statuses
 *   TEST_SIGN  select, certificate, verify, sign (the signature is then
 *              checked here: ev->sig_ok), the three statuses
 *
 * The result says what happened in words the kiosk can act on
 * (read_complete, write_sent, written, states_fresh, sig_ok): a write that
 * went out and whose answer was lost (card pulled, timeout) may or may not
 * be on the card, and only reading it again tells. ev->res is the failing
 * command's result, or the last one's; ev->step counts the commands the
 * card confirmed, for logs. Only a failed exchange (card gone, service
 * lost, mute, garbled) stops a read: what the card refuses to tell (a
 * document number, a certificate, a code's status) is simply not known.
 * Codes of a length the profile does not allow are refused before
 * anything is sent (res.kind SW_WRONG_LENGTH, sw 0). */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "card_ops.h"

#define OPS_CHALLENGE_LEN 32

/* Record a step's outcome; true when it succeeded and counts as done. */
static bool ops_step(struct card_event *ev, int rc, const struct card_result *r)
{
	ev->res = *r;
	if (rc != 0)
		return false;
	ev->step++;
	return true;
}

/* Whether a code's length is one the card takes; if not, ev says so. */
static bool ops_length_ok(const struct card_profile *p, enum code_id c,
                          const struct secret *s, struct card_event *ev)
{
	if (s && s->len >= p->code[c].min_len && s->len <= p->code[c].max_len)
		return true;
	ev->res.err = CE_OK;
	ev->res.kind = SW_WRONG_LENGTH;
	ev->res.sw = 0;
	ev->res.tries_left = -1;
	return false;
}

/* The three code states into ev->info (a status the card does not tell
 * stays unknown); false when an exchange failed. */
static bool ops_read_states(const struct card_io *io,
                            const struct card_profile *p,
                            struct card_event *ev)
{
	struct card_result r;

	for (int c = 0; c < CODE_COUNT; c++) {
		if (!ops_step(ev, fineid_code_status(io, p, (enum code_id)c,
		                                     &ev->info.code[c], &r), &r))
			return false;
	}
	ev->states_fresh = true;
	return true;
}

/* Summary and chain status of a certificate into ev->info. */
static void ops_note_cert(const struct card_config *cfg, enum key_id k,
                          const uint8_t *der, size_t len,
                          struct card_event *ev)
{
	ev->info.have_cert[k] = true;
	if (certinfo_parse(der, len, &ev->info.cert[k]) < 0) {
		ev->info.chain[k] = CHAIN_BAD;
		return;
	}
	ev->info.chain[k] = certinfo_check_chain(der, len, cfg->ca_file,
	                                         time(NULL));
}

/* The activation code's exact length when the card tells it: a profile
 * with one length, or a card whose certificates start before the
 * profile's day (codes of puk.max); 0 when it may be any the profile
 * allows. */
static int ops_puk_len(const struct card_profile *p, const struct card_info *in)
{
	const struct code_ref *c = &p->code[CODE_PUK];

	if (c->min_len == c->max_len)
		return c->max_len;
	for (int k = 0; k < KEY_COUNT; k++) {
		if (!in->have_cert[k] || in->cert[k].not_before == 0)
			continue;
		if (p->puk_max_only_before &&
		    (long long)in->cert[k].not_before < p->puk_max_only_before)
			return c->max_len;
		return 0;
	}
	return 0;
}

/* Read one certificate as a READ_INFO step. A card that answers "no such
 * file", or something that is no certificate, simply has none; only a
 * failed exchange stops. */
static bool ops_info_cert(const struct card_io *io, const struct card_profile *p,
                          const struct card_config *cfg, enum key_id k,
                          struct card_event *ev)
{
	struct card_result r;
	uint8_t *der = NULL;
	size_t len = 0;
	int rc = fineid_read_cert(io, p, k, &der, &len, &r);

	if (rc == 0)
		ops_note_cert(cfg, k, der, len, ev);
	free(der);
	if (rc != 0 && r.err != CE_OK)
		return ops_step(ev, rc, &r);
	return ops_step(ev, 0, &r);
}

/* READ_INFO: everything the kiosk shows, without spending a try. */
static void ops_read_info(const struct card_io *io, const struct card_profile *p,
                          const struct card_config *cfg, struct card_event *ev)
{
	struct card_result r;
	int rc;

	if (!ops_step(ev, fineid_select(io, p, &r), &r))
		return;
	rc = fineid_read_docnum(io, p, ev->info.docnum, sizeof ev->info.docnum,
	                        &r);
	if (rc != 0) {
		ev->info.docnum[0] = '\0';
		if (r.err != CE_OK) {
			ops_step(ev, rc, &r);
			return;
		}
	}
	ops_step(ev, 0, &r);
	if (!ops_info_cert(io, p, cfg, KEY_AUTH, ev) ||
	    !ops_info_cert(io, p, cfg, KEY_SIGN, ev))
		return;
	ev->info.puk_len = ops_puk_len(p, &ev->info);
	ev->read_complete = ops_read_states(io, p, ev);
}

/* ACTIVATE: the activation code (PUK) sets a new PIN, then states. */
static void ops_activate(const struct card_io *io, const struct card_profile *p,
                         const struct card_request *rq, struct card_event *ev)
{
	struct card_result r;

	if (!ops_length_ok(p, CODE_PUK, rq->puk, ev) ||
	    !ops_length_ok(p, rq->code, rq->new_pin, ev))
		return;
	if (!ops_step(ev, fineid_select(io, p, &r), &r))
		return;
	ev->write_sent = true;
	if (!ops_step(ev, fineid_reset_retry(io, p, rq->code, rq->puk,
	                                     rq->new_pin, &r), &r))
		return;
	ev->written = true;
	ops_read_states(io, p, ev);
}

/* CHANGE: old PIN to new PIN, then states. */
static void ops_change(const struct card_io *io, const struct card_profile *p,
                       const struct card_request *rq, struct card_event *ev)
{
	struct card_result r;

	if (!ops_length_ok(p, rq->code, rq->old_pin, ev) ||
	    !ops_length_ok(p, rq->code, rq->new_pin, ev))
		return;
	if (!ops_step(ev, fineid_select(io, p, &r), &r))
		return;
	ev->write_sent = true;
	if (!ops_step(ev, fineid_change(io, p, rq->code, rq->old_pin,
	                                rq->new_pin, &r), &r))
		return;
	ev->written = true;
	ops_read_states(io, p, ev);
}

/* Sign a fresh challenge with key k as the profile says (its hash, its
 * scheme) and check it against der; true when the card signed. */
static bool ops_sign_check(const struct card_io *io, const struct card_profile *p,
                           enum key_id k, const uint8_t *der, size_t len,
                           struct card_event *ev)
{
	const struct key_ref *kr = &p->key[k];
	uint8_t challenge[OPS_CHALLENGE_LEN], hash[EVP_MAX_MD_SIZE];
	uint8_t sig[PROFILE_SIG_MAX];
	struct card_result r;

	if (certinfo_random(challenge, sizeof challenge) < 0 ||
	    certinfo_digest(kr->hash, challenge, sizeof challenge, hash) !=
	    kr->hash_len)
		return false;   /* sig_ok stays -1: nothing could be tested */
	if (!ops_step(ev, fineid_sign(io, p, k, hash, sig, &r), &r))
		return false;
	ev->sig_ok = certinfo_verify_sig(der, len, kr->sig, kr->hash, hash,
	                                 kr->hash_len, sig, kr->sig_len);
	OPENSSL_cleanse(sig, sizeof sig);
	return true;
}

/* TEST_SIGN: the certificate is read before the PIN is verified, so a
 * card without one costs no try; after the signature the code states are
 * read again (the verified PIN's tries are full again). */
static void ops_test_sign(const struct card_io *io, const struct card_profile *p,
                          const struct card_config *cfg,
                          const struct card_request *rq, struct card_event *ev)
{
	enum key_id k = rq->code == CODE_PIN2 ? KEY_SIGN : KEY_AUTH;
	struct card_result r;
	uint8_t *der = NULL;
	size_t len = 0;

	if (rq->code == CODE_PUK) {
		ev->res.kind = SW_REF_NOT_FOUND;   /* the PUK guards no key */
		return;
	}
	if (!ops_length_ok(p, rq->code, rq->old_pin, ev))
		return;
	if (!ops_step(ev, fineid_select(io, p, &r), &r) ||
	    !ops_step(ev, fineid_read_cert(io, p, k, &der, &len, &r), &r)) {
		free(der);
		return;
	}
	ops_note_cert(cfg, k, der, len, ev);
	if (ops_step(ev, fineid_verify(io, p, rq->code, rq->old_pin, &r), &r) &&
	    ops_sign_check(io, p, k, der, len, ev))
		ops_read_states(io, p, ev);
	free(der);
}

/* Run rq on an open connection to a card matched by p. */
void card_ops_run(const struct card_io *io, const struct card_profile *p,
                  const struct card_config *cfg,
                  const struct card_request *rq, struct card_event *ev)
{
	ev->step = 0;
	ev->read_complete = ev->write_sent = ev->written = false;
	ev->states_fresh = false;
	ev->sig_ok = -1;
	ev->res.err = CE_OK;
	ev->res.kind = SW_OK;
	ev->res.sw = 0;
	ev->res.tries_left = -1;
	memset(&ev->info, 0, sizeof ev->info);
	snprintf(ev->info.profile, sizeof ev->info.profile, "%s", p->name);
	for (int c = 0; c < CODE_COUNT; c++)
		ev->info.code[c] = (struct code_status){ .tries_left = -1,
		                                         .activated = true };
	switch (rq->kind) {
	case REQ_READ_INFO:
		ops_read_info(io, p, cfg, ev);
		break;
	case REQ_ACTIVATE:
		ops_activate(io, p, rq, ev);
		break;
	case REQ_CHANGE:
		ops_change(io, p, rq, ev);
		break;
	case REQ_TEST_SIGN:
		ops_test_sign(io, p, cfg, rq, ev);
		break;
	}
}

/* A request's name for logs (card.h). */
const char *card_req_name(enum card_req_kind k)
{
	static const char *const names[] = { CARD_REQ_LIST(XLIST_NAME) };

	return XLIST_LOOKUP(names, k, "?");
}

/* A request's operation in the audit trail (card.h). */
const char *card_req_audit_name(enum card_req_kind k)
{
	static const char *const names[] = { CARD_REQ_LIST(XLIST_KEY) };

	return XLIST_LOOKUP(names, k, "?");
}
