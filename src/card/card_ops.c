/* card_ops.c - what one request means as FinEID commands, on any card_io.
 *
 * ev->step counts completed steps, so that after a failure the kiosk can
 * say exactly what was done (an activation whose step 2 completed has set
 * the PIN, even if the card was pulled while re-reading the states):
 *   READ_INFO  1 select, 2 document number, 3 auth certificate,
 *              4 sign certificate, 5-7 status of PIN1, PIN2, PUK
 *   ACTIVATE   1 select, 2 reset retry counter, 3-5 statuses
 *   CHANGE     1 select, 2 change reference data, 3-5 statuses
 *   TEST_SIGN  1 select, 2 certificate, 3 verify, 4 sign (then the
 *              signature is checked here: ev->sig_ok)
 * Completed means confirmed by the card's answer: when the answer to step
 * K+1 is lost (card pulled, timeout) the card may or may not have done it,
 * and only reading the card again tells. ev->res is the failing step's
 * result, or the last step's. Codes of a
 * length the profile does not allow are refused before anything is sent
 * (res.kind SW_WRONG_LENGTH, sw 0, step 0). */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
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

/* The three code states into ev->info; false on the first failure. */
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

/* Read one certificate as a READ_INFO step. A card that answers "no such
 * file" simply has no certificate; only a transport failure stops. */
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
	ops_read_states(io, p, ev);
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
	if (!ops_step(ev, fineid_reset_retry(io, p, rq->code, rq->puk,
	                                     rq->new_pin, &r), &r))
		return;
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
	if (!ops_step(ev, fineid_change(io, p, rq->code, rq->old_pin,
	                                rq->new_pin, &r), &r))
		return;
	ops_read_states(io, p, ev);
}

/* Sign a fresh challenge with key k and check it against der; true when
 * the card signed. */
static bool ops_sign_check(const struct card_io *io, const struct card_profile *p,
                           enum key_id k, const uint8_t *der, size_t len,
                           struct card_event *ev)
{
	uint8_t challenge[OPS_CHALLENGE_LEN], hash[48], sig[96];
	struct card_result r;

	if (certinfo_random(challenge, sizeof challenge) < 0)
		return false;   /* sig_ok stays -1: nothing could be tested */
	certinfo_sha384(challenge, sizeof challenge, hash);
	if (!ops_step(ev, fineid_sign(io, p, k, hash, sig, &r), &r))
		return false;
	ev->sig_ok = certinfo_verify_sig(der, len, hash, sig, sizeof sig);
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
	ev->sig_ok = -1;
	ev->res.err = CE_OK;
	ev->res.kind = SW_OK;
	ev->res.sw = 0;
	ev->res.tries_left = -1;
	memset(&ev->info, 0, sizeof ev->info);
	snprintf(ev->info.profile, sizeof ev->info.profile, "%s", p->name);
	for (int c = 0; c < CODE_COUNT; c++)
		ev->info.code[c].tries_left = -1;
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
