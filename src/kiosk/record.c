/* record.c - what happened, for the service screen's counters, the
 * log and the audit trail (audit.h; never a code): journey by journey,
 * each begun and ended once with a reason (a journey still open when the
 * model is reset was abandoned), and each card operation with its result
 * and the tries of the code it used. */
#include "build-config.h"
#include "app.h"
#include "hex.h"

void app_journey_begin(struct app *a, enum app_journey kind)
{
	if (a->open)
		app_journey_end(a, END_CANCELLED);
	a->kind = kind;
	a->open = true;
	a->count.started++;
	app_log(a, "journey %s begins", app_journey_name(kind));
	audit_record(a->audit, "journey_start", "journey=%s lang=%s profile=%s",
	             app_journey_name(kind), a->set->langs[a->lang],
	             a->info.profile[0] ? a->info.profile : "-");
}

enum app_end app_removal(const struct app *a)
{
	return a->reader == RD_SERVICE_DOWN ? END_SERVICE_DOWN : END_REMOVED;
}

void app_journey_end(struct app *a, enum app_end why)
{
	if (!a->open)
		return;
	/* Leaving the card's details, even by taking the card, is how "test
	 * my card" ends; a failure of the card or the service is not. */
	if (a->kind == J_TEST && why != END_CARD_ERROR && why != END_BLOCKED &&
	    why != END_SERVICE_DOWN && why != END_STOPPED)
		why = END_DONE;
	a->open = false;
	if (why == END_DONE) {
		a->count.finished++;
		a->count.done[a->kind]++;
	} else {
		a->count.failed[why]++;
	}
	app_log(a, "journey %s ends: %s", app_journey_name(a->kind),
	        app_end_name(why));
	audit_record(a->audit, "journey_end", "journey=%s reason=%s",
	             app_journey_name(a->kind), app_end_audit_name(why));
}

/* A result as one word for the audit trail. */
static const char *record_result(const struct card_event *ce)
{
	if (ce->res.err == CE_REMOVED)
		return "removed";
	if (ce->res.err == CE_NO_SERVICE)
		return "service_down";
	if (ce->res.err != CE_OK)
		return "error";
	if (ce->res.kind == SW_WRONG_CODE)
		return "wrong_code";
	if (ce->res.kind == SW_BLOCKED)
		return "blocked";
	if (ce->res.kind != SW_OK)
		return "error";
	if (ce->req == REQ_TEST_SIGN && ce->sig_ok != 1)
		return "bad_signature";
	return "ok";
}

/* The audit record of a card request's outcome: which operation, a class
 * of result, and the tries of the code it used before and after (the
 * model still holds the tries before). */
static void record_card_op(struct app *a, const struct card_event *ce)
{
	int code = ce->req == REQ_ACTIVATE ? CODE_PUK : a->cur;
	int before = a->info.code[code].tries_left, after = before;
	const char *result = record_result(ce);
	bool answered = ce->res.err == CE_OK;

	app_log(a, "card result: %s, step %d, %s, %s, tries %d",
	        card_req_name(ce->req), ce->step, card_err_name(ce->res.err),
	        apdu_sw_name(ce->res.kind), ce->res.tries_left);
	if (ce->req == REQ_READ_INFO) {
		audit_record(a->audit, "card_op", "op=read_info result=%s "
		             "profile=%s", result, ce->info.profile[0]
		             ? ce->info.profile : "-");
		return;
	}
	if (answered && ce->res.kind == SW_WRONG_CODE)
		after = ce->res.tries_left;
	else if (answered && ce->res.kind == SW_BLOCKED)
		after = 0;
	audit_record(a->audit, "card_op", "op=%s code=%s result=%s "
	             "step=%d tries_before=%d tries_after=%d",
	             card_req_audit_name(ce->req), profile_code_name(code), result,
	             ce->step, before, after);
}

/* A card no profile serves: named to staff with its ATR (log, audit; the
 * service screen and the monitor show it too). No command is sent to it. */
static void record_not_served(struct app *a, const struct card_event *ce)
{
	char atr[80];

	hex_encode(ce->atr, ce->atr_len, '\0', true, atr, sizeof atr);
	app_log(a, "card not served in '%s': %s, ATR %s%s%s", ce->reader,
	        profile_advice_name(ce->advice), atr[0] ? atr : "(none)",
	        ce->known[0] ? ", known as " : "", ce->known);
	audit_record(a->audit, "card_not_served", "advice=%s atr=%s known=%s",
	             profile_advice_name(ce->advice), atr[0] ? atr : "-",
	             ce->known[0] ? ce->known : "-");
}

/* What the card service said, into the log and the audit trail. */
void app_record_card(struct app *a, const struct card_event *ce)
{
	switch (ce->kind) {
	case CEV_CARD_INSERTED:
		if (!ce->profile[0])
			record_not_served(a, ce);
		else
			app_log(a, "card inserted in '%s', profile '%s'", ce->reader,
			        ce->profile);
		break;
	case CEV_CARD_REMOVED:
		app_log(a, ce->service_lost ? "card lost with the card service"
		        : "card removed");
		break;
	case CEV_READER_BUSY:
		app_log(a, "reader '%s' held by another terminal", ce->reader);
		break;
	case CEV_RESULT:
		record_card_op(a, ce);
		break;
	default:
		break;
	}
}
