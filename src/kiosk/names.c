/* names.c - the names of the model's enums, made from the lists in
 * app.h: journeys and ends for the log and the audit trail (record.c),
 * journeys and verdicts for the staff monitor (monitor_state.c). */
#include "build-config.h"
#include "app.h"

/* A journey's name ("none" for J_NONE). */
const char *app_journey_name(enum app_journey j)
{
	static const char *const names[] = { APP_JOURNEY_LIST(XLIST_NAME) };

	return XLIST_LOOKUP(names, j, "?");
}

/* How a journey ended, in the log's words. */
const char *app_end_name(enum app_end why)
{
	static const char *const names[] = { APP_END_LIST(XLIST_NAME) };

	return XLIST_LOOKUP(names, why, "?");
}

/* How a journey ended, as the audit trail's reason. */
const char *app_end_audit_name(enum app_end why)
{
	static const char *const names[] = { APP_END_LIST(XLIST_KEY) };

	return XLIST_LOOKUP(names, why, "?");
}

/* A verdict's name on the monitor's line ("-" for none). */
const char *app_verdict_name(enum app_verdict v)
{
	static const char *const names[] = { APP_VERDICT_LIST(XLIST_NAME) };

	return XLIST_LOOKUP(names, v, "?");
}
