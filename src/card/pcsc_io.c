/* pcsc_io.c - the reader held for a visit (exclusive: one kiosk per card)
 * and one request on it: a transaction, card_ops_run over a transmit
 * wrapper, a reset after anything but a read. Every call that waits
 * on the card is timed by the watcher (pcsc.c): a reader driver without a
 * timeout (vpcd) would otherwise hold us as long as the card stays mute. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include "apdu.h"
#include "card_ops.h"
#include "pcsc_int.h"

/* How long a short answer may take to show up as a removal: pcscd polls
 * serial-style readers every 400 ms. */
#define PCSC_SETTLE_MS 700

/* The connection behind struct card_io. */
struct pcsc_link {
	struct card_service *cs;
	struct pcsc *p;              /* cs->impl */
	SCARDCONTEXT ctx;
	const char *reader;
	SCARDHANDLE h;
	DWORD proto;
	struct card_event *ev;       /* the result being built (step) */
	enum card_err dead;          /* once set, nothing more is sent */
	LONG lost_rv;                /* a service-loss code seen, else 0 */
};

/* Map a PC/SC return code to a card error kind. */
enum card_err pcsc_err(LONG rv)
{
	switch (rv) {
	case SCARD_S_SUCCESS:
		return CE_OK;
	case SCARD_W_REMOVED_CARD:
	case SCARD_E_NO_SMARTCARD:
	case SCARD_E_READER_UNAVAILABLE:
	case SCARD_E_UNKNOWN_READER:
		return CE_REMOVED;
	case SCARD_E_NO_SERVICE:
	case SCARD_F_COMM_ERROR:
	case SCARD_E_INVALID_HANDLE:
	case SCARD_E_SERVICE_STOPPED:
		return CE_NO_SERVICE;
	case SCARD_W_UNRESPONSIVE_CARD:
	case SCARD_E_TIMEOUT:
		return CE_TIMEOUT;
	default:
		return CE_COMM;
	}
}

/* Whether rv means the daemon is gone and the context must be rebuilt. */
bool pcsc_service_lost(LONG rv)
{
	return rv == SCARD_E_NO_SERVICE || rv == SCARD_F_COMM_ERROR ||
	       rv == SCARD_E_INVALID_HANDLE || rv == SCARD_E_SERVICE_STOPPED;
}

/* Start timing a card call; false when the request already timed out. */
static bool pcsc_call_begin(struct pcsc_link *l)
{
	struct pcsc *p = l->p;
	bool ok;

	service_lock(l->cs);
	ok = !p->timed_out;
	if (ok) {
		p->in_call = true;
		p->call_step = l->ev->step;
		/* what is done so far (a verified signature) is the answer
		 * if this call never returns */
		p->cur = *l->ev;
		p->call_deadline = service_deadline(p->call_timeout_ms);
		service_wake(l->cs);
	}
	service_unlock(l->cs);
	return ok;
}

/* End timing a card call; true when the watcher answered it meanwhile. */
static bool pcsc_call_end(struct pcsc_link *l)
{
	bool late;

	service_lock(l->cs);
	l->p->in_call = false;
	late = l->p->timed_out;
	service_unlock(l->cs);
	if (late)
		l->dead = CE_TIMEOUT;
	return late;
}

/* Note a failed PC/SC call: later commands are not sent after a removal,
 * a service loss or a timeout. */
static enum card_err pcsc_fail(struct pcsc_link *l, LONG rv)
{
	enum card_err e = pcsc_err(rv);

	if (pcsc_service_lost(rv))
		l->lost_rv = rv;
	if (e == CE_REMOVED || e == CE_NO_SERVICE || e == CE_TIMEOUT)
		l->dead = e;
	return e;
}

/* Debug log of a command: header and length only, whatever it carries. */
static void pcsc_log_cmd(const struct pcsc_link *l, const uint8_t *cmd,
                         size_t clen)
{
	if (!l->p->debug_apdu || clen < 4)
		return;
	fprintf(stderr, "apdu> %02X %02X %02X %02X len=%zu%s\n", cmd[0], cmd[1],
	        cmd[2], cmd[3], clen,
	        apdu_carries_code(cmd, clen) ? " (code, body not shown)" : "");
}

/* After an answer shorter than a status word: was the card pulled? The
 * vpcd driver answers "success, 0 bytes" when the card vanishes in the
 * middle of a command, and only pcscd's next poll shows the removal, so
 * watch the reader for a moment before calling the answer malformed. */
static enum card_err pcsc_short_answer(struct pcsc_link *l)
{
	SCARD_READERSTATE rs = { .szReader = l->reader,
	                         .dwCurrentState = SCARD_STATE_UNAWARE };
	struct timespec end = service_deadline(PCSC_SETTLE_MS), now;
	long left;

	for (;;) {
		LONG rv;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (end.tv_sec - now.tv_sec) * 1000 +
		       (end.tv_nsec - now.tv_nsec) / 1000000;
		rv = SCardGetStatusChange(l->ctx, left > 0 ? (DWORD)left : 0, &rs,
		                          1);
		if (pcsc_service_lost(rv))
			return pcsc_fail(l, rv);   /* pcscd went, not the card */
		if (rv != SCARD_S_SUCCESS)
			return CE_MALFORMED;
		if (!(rs.dwEventState & SCARD_STATE_PRESENT)) {
			l->dead = CE_REMOVED;
			return CE_REMOVED;
		}
		if (left <= 0)
			return CE_MALFORMED;
		rs.dwCurrentState = rs.dwEventState;
	}
}

/* card_io transmit over the open handle, T=0 or T=1 as negotiated. */
static enum card_err pcsc_transmit(void *ctx, const uint8_t *cmd, size_t clen,
                                   uint8_t *resp, size_t *rlen)
{
	struct pcsc_link *l = ctx;
	DWORD n = (DWORD)*rlen;
	LONG rv;

	if (l->dead)
		return l->dead;
	pcsc_log_cmd(l, cmd, clen);
	if (!pcsc_call_begin(l))
		return l->dead = CE_TIMEOUT;
	rv = SCardTransmit(l->h, l->proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1
	                   : SCARD_PCI_T0, cmd, (DWORD)clen, NULL, resp, &n);
	if (pcsc_call_end(l))
		return CE_TIMEOUT;
	if (rv != SCARD_S_SUCCESS)
		return pcsc_fail(l, rv);
	if (l->p->debug_apdu)
		fprintf(stderr, "apdu< len=%lu sw=%02X%02X\n", (unsigned long)n,
		        n >= 2 ? resp[n - 2] : 0, n >= 2 ? resp[n - 1] : 0);
	if (n < 2)
		return pcsc_short_answer(l);
	*rlen = n;
	return CE_OK;
}

/* Hold a reader exclusively: while we hold it pcscd refuses every other
 * client's SCardConnect (SCARD_E_SHARING_VIOLATION), so no other kiosk can
 * send this card a command during our visit. */
LONG pcsc_hold_take(SCARDCONTEXT ctx, struct pcsc_hold *hold,
                    const char *reader, unsigned counter)
{
	SCARDHANDLE h;
	DWORD proto = 0;
	LONG rv = SCardConnect(ctx, reader, SCARD_SHARE_EXCLUSIVE,
	                       SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto);

	if (rv != SCARD_S_SUCCESS)
		return rv;
	hold->on = true;
	hold->h = h;
	hold->proto = proto;
	hold->counter = counter;
	snprintf(hold->reader, sizeof hold->reader, "%s", reader);
	return rv;
}

/* Let the reader go; the card is left as it is (a write already reset it). */
void pcsc_hold_drop(struct pcsc_hold *hold)
{
	if (hold->on)
		SCardDisconnect(hold->h, SCARD_LEAVE_CARD);
	memset(hold, 0, sizeof *hold);
}

/* Connect (unless the reader is held) and begin a transaction, both timed;
 * CE_OK or why not. */
static enum card_err pcsc_open(struct pcsc_link *l, struct pcsc_hold *hold)
{
	LONG rv;

	if (!hold->on || strcmp(hold->reader, l->reader) != 0) {
		pcsc_hold_drop(hold);
		if (!pcsc_call_begin(l))
			return CE_TIMEOUT;
		rv = pcsc_hold_take(l->ctx, hold, l->reader, 0);
		if (pcsc_call_end(l)) {
			pcsc_hold_drop(hold);
			return CE_TIMEOUT;
		}
		if (rv != SCARD_S_SUCCESS)
			return pcsc_fail(l, rv);
	}
	l->h = hold->h;
	l->proto = hold->proto;
	if (!pcsc_call_begin(l))
		return CE_TIMEOUT;
	rv = SCardBeginTransaction(l->h);
	if (pcsc_call_end(l))
		return CE_TIMEOUT;
	return rv == SCARD_S_SUCCESS ? CE_OK : pcsc_fail(l, rv);
}

/* After a request: end the transaction and, after anything that may have
 * verified or set a code, reset the card, keeping the reader held (so no
 * verified state outlives the request: nothing else may sign with a PIN the
 * citizen typed for us). After a removal, loss or timeout there is nothing
 * left to reset and the hold goes (the stuck call has returned). */
static void pcsc_close(struct pcsc_link *l, struct pcsc_hold *hold,
                       bool reset)
{
	DWORD proto = hold->proto;   /* libpcsclite sends it along */

	if (!l->h)
		return;
	if (l->dead) {
		pcsc_hold_drop(hold);
		return;
	}
	SCardEndTransaction(l->h, SCARD_LEAVE_CARD);
	if (reset && SCardReconnect(l->h, SCARD_SHARE_EXCLUSIVE,
	                            SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
	                            SCARD_RESET_CARD, &proto) == SCARD_S_SUCCESS)
		hold->proto = proto;
	else if (reset)
		pcsc_hold_drop(hold);    /* next request connects anew */
}

/* Template of the result, also what the watcher answers on a timeout;
 * reader is the name as shown (cleaned). */
static void pcsc_result_start(struct card_service *cs, const char *reader,
                              const struct card_profile *p,
                              const struct card_request *rq,
                              struct card_event *ev)
{
	struct pcsc *pc = cs->impl;

	memset(ev, 0, sizeof *ev);
	ev->kind = CEV_RESULT;
	ev->req = rq->kind;
	ev->sig_ok = -1;
	ev->res.err = CE_OK;
	ev->res.kind = SW_OK;
	ev->res.tries_left = -1;
	snprintf(ev->reader, sizeof ev->reader, "%s", reader);
	snprintf(ev->profile, sizeof ev->profile, "%s", p->name);
	service_lock(cs);
	pc->cur = *ev;
	pc->timed_out = false;
	service_unlock(cs);
}

/* Run one request on the held reader (pcsc_int.h). */
LONG pcsc_run_request(struct card_service *cs, SCARDCONTEXT ctx,
                      struct pcsc_hold *hold, const struct pcsc_name *reader,
                      const struct card_profile *p,
                      const struct card_request *rq, struct card_event *ev)
{
	struct pcsc_link l = { .cs = cs, .p = cs->impl, .ctx = ctx,
	                       .reader = reader->raw, .ev = ev };
	struct card_io io = { .transmit = pcsc_transmit, .ctx = &l };
	enum card_err e;

	pcsc_result_start(cs, reader->shown, p, rq, ev);
	e = pcsc_open(&l, hold);
	if (e != CE_OK) {
		ev->res.err = e;
		ev->res.kind = SW_OTHER;
	} else {
		/* commands go out as the protocol SCardConnect chose needs */
		io.proto = l.proto == SCARD_PROTOCOL_T1 ? CARD_T1 : CARD_T0;
		card_ops_run(&io, p, &cs->cfg, rq, ev);
	}
	pcsc_close(&l, hold, rq->kind != REQ_READ_INFO);
	return l.lost_rv;
}
