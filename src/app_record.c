/* app_record.c - what happened, journey by journey: each begins and ends
 * once, with a reason, for the service screen's counters and the audit
 * trail (audit.h: journey_start, journey_end; never a code). A journey
 * still open when the model is reset was abandoned. */
#include "app.h"

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
