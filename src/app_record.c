/* app_record.c - what happened, journey by journey: each begins and ends
 * once, with a reason, for the service screen's counters and the audit
 * trail (audit.h: journey_start, journey_end; never a code). A journey
 * still open when the model is reset was abandoned. */
#include "app.h"

static const char *const record_kind[J_COUNT] = {
	[J_NONE] = "none", [J_ACTIVATE] = "activate", [J_UNBLOCK] = "unblock",
	[J_CHANGE] = "change", [J_TEST] = "test",
};

static const char *const record_end[END_COUNT] = {
	[END_DONE] = "done", [END_REMOVED] = "card removed",
	[END_TIMEOUT] = "timed out", [END_CANCELLED] = "cancelled",
	[END_BLOCKED] = "code blocked", [END_CARD_ERROR] = "card error",
	[END_SERVICE_DOWN] = "card service lost",
	[END_STOPPED] = "kiosk stopped",
};

/* The same reasons as single words for the audit trail. */
static const char *const record_reason[END_COUNT] = {
	[END_DONE] = "done", [END_REMOVED] = "card_removed",
	[END_TIMEOUT] = "timeout", [END_CANCELLED] = "cancelled",
	[END_BLOCKED] = "code_blocked", [END_CARD_ERROR] = "card_error",
	[END_SERVICE_DOWN] = "service_down", [END_STOPPED] = "stopped",
};

void app_journey_begin(struct app *a, enum app_journey kind)
{
	if (a->open)
		app_journey_end(a, END_CANCELLED);
	a->kind = kind;
	a->open = true;
	a->count.started++;
	app_log(a, "journey %s begins", record_kind[kind]);
	audit_record(a->audit, "journey_start", "journey=%s lang=%s profile=%s",
	             record_kind[kind], a->set->langs[a->lang],
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
	app_log(a, "journey %s ends: %s", record_kind[a->kind], record_end[why]);
	audit_record(a->audit, "journey_end", "journey=%s reason=%s",
	             record_kind[a->kind], record_reason[why]);
}
