/* scr_staff.c - the service screen after the right staff code: the card
 * service and readers, the card in the reader, versions, a fresh
 * configuration check, counters since start; then take the kiosk out of
 * service (asked again first) or put it back, or back to the kiosk. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include "hex.h"
#include "screens.h"

/* Card service, readers, the card the model saw inserted (a card no
 * profile serves: what cards.conf knows it as). */
static void staff_card(struct scr *c, const struct diag *d)
{
	const struct app_card_seen *s = &c->app->seen;
	char up[280], unknown[160], atr[100];
	size_t n;

	scr_fmt(c, d->pcscd_up ? MSG_STAFF_PCSCD_UP : MSG_STAFF_PCSCD_DOWN, 0, up,
	        sizeof up);
	n = strlen(up);
	if (!d->pcscd_up && d->pcscd_problem[0])
		snprintf(up + n, sizeof up - n, ": %s", d->pcscd_problem);
	scr_label(c, 0, MSG_STAFF_PCSCD, up,
	          d->pcscd_up ? ROLE_SUCCESS : ROLE_ERROR);
	scr_label(c, 0, MSG_STAFF_READERS, d->readers[0] ? d->readers
	          : lang_get(c->lang, MSG_STAFF_NONE), ROLE_NORMAL);
	hex_encode(s->atr, s->atr_len, ' ', true, atr, sizeof atr);
	scr_label(c, 0, MSG_STAFF_ATR, atr[0] ? atr
	          : lang_get(c->lang, MSG_STAFF_NO_CARD), ROLE_NORMAL);
	snprintf(unknown, sizeof unknown, "%s%s%s",
	         lang_get(c->lang, MSG_STAFF_PROFILE_UNKNOWN),
	         s->known[0] ? ": " : "", s->known);
	if (atr[0])
		scr_label(c, 0, MSG_STAFF_PROFILE, s->profile[0] ? s->profile
		          : unknown, s->profile[0] ? ROLE_NORMAL : ROLE_WARNING);
}

/* The audit trail's health: ok, records waiting or lost, a problem
 * found in the file, no file at all. */
static void staff_audit(struct scr *c, const struct audit_status *s)
{
	char buf[256];
	enum msg_id m = MSG_STAFF_AUDIT_OK;
	int n = 0;

	if (s->health == AUDIT_DISABLED)
		m = MSG_STAFF_AUDIT_DISABLED;
	else if (s->held > 0)
		m = MSG_STAFF_AUDIT_HELD, n = (int)s->held;
	else if (s->lost > 0)
		m = MSG_STAFF_AUDIT_LOST, n = (int)s->lost;
	else if (s->found)
		m = MSG_STAFF_AUDIT_FOUND;
	scr_fmt(c, m, n, buf, sizeof buf);
	scr_label(c, 0, MSG_STAFF_AUDIT, buf,
	          m == MSG_STAFF_AUDIT_OK ? ROLE_SUCCESS : ROLE_ERROR);
}

/* Versions, the configuration check and the audit trail. */
static void staff_setup(struct scr *c, const struct diag *d)
{
	char buf[128];

	scr_label(c, 0, MSG_STAFF_VERSIONS, d->versions, ROLE_NORMAL);
	if (d->config_problems == 0)
		scr_fmt(c, MSG_STAFF_CONFIG_OK, 0, buf, sizeof buf);
	else
		scr_fmt(c, MSG_STAFF_CONFIG_PROBLEMS, d->config_problems, buf,
		        sizeof buf);
	scr_label(c, 0, MSG_STAFF_CONFIG, buf,
	          d->config_problems == 0 ? ROLE_SUCCESS : ROLE_ERROR);
	staff_audit(c, &d->audit);
}

/* "name n" for a counter. */
static const char *staff_count(struct scr *c, enum msg_id id, int n,
                               char *buf, size_t sz)
{
	snprintf(buf, sz, "%s %d", lang_get(c->lang, id), n);
	return buf;
}

/* Journeys started, finished by kind, ended early by reason. */
static void staff_counters(struct scr *c)
{
	const struct app_counters *k = &c->app->count;
	char a[64], b[64], d[64], e[64], line[400];

	scr_fmt(c, MSG_STAFF_COUNTERS, 0, line, sizeof line);
	if (scr_rows_left(c) >= 1)
		wg_line(c->w, c->look, c->y++, c->x, c->width, line, ROLE_TITLE);
	snprintf(line, sizeof line, "%d, %s", k->started,
	         staff_count(c, MSG_STAFF_COUNT_FINISHED, k->finished, a, sizeof a));
	scr_label(c, 2, MSG_STAFF_COUNT_STARTED, line, ROLE_NORMAL);
	snprintf(line, sizeof line, "%s, %s, %s, %s",
	         staff_count(c, MSG_STAFF_COUNT_ACTIVATIONS, k->done[J_ACTIVATE], a, sizeof a),
	         staff_count(c, MSG_STAFF_COUNT_UNBLOCKS, k->done[J_UNBLOCK], b, sizeof b),
	         staff_count(c, MSG_STAFF_COUNT_CHANGES, k->done[J_CHANGE], d, sizeof d),
	         staff_count(c, MSG_STAFF_COUNT_TESTS, k->done[J_TEST], e, sizeof e));
	if (scr_rows_left(c) >= 1)
		wg_line(c->w, c->look, c->y++, c->x + 2, c->width - 2, line,
		        ROLE_NORMAL);
	snprintf(line, sizeof line, "%s %d, %s %d, %s %d, %s %d, %s %d, %s %d",
	         lang_get(c->lang, MSG_STAFF_FAIL_REMOVED), k->failed[END_REMOVED],
	         lang_get(c->lang, MSG_STAFF_FAIL_SERVICE), k->failed[END_SERVICE_DOWN],
	         lang_get(c->lang, MSG_STAFF_FAIL_TIMEOUT), k->failed[END_TIMEOUT],
	         lang_get(c->lang, MSG_STAFF_FAIL_CANCELLED), k->failed[END_CANCELLED],
	         lang_get(c->lang, MSG_STAFF_FAIL_BLOCKED), k->failed[END_BLOCKED],
	         lang_get(c->lang, MSG_STAFF_COUNT_ERRORS), k->failed[END_CARD_ERROR]);
	scr_label(c, 2, MSG_STAFF_COUNT_FAILED, line, ROLE_NORMAL);
	c->y++;
}

/* The service screen. */
static void staff_draw(struct scr *c)
{
	enum msg_id ids[2] = {
		c->app->out_of_service ? MSG_STAFF_BACK_IN : MSG_STAFF_OUT,
		MSG_STAFF_BACK,
	};

	scr_title(c, MSG_STAFF_TITLE);
	if (c->diag) {
		staff_card(c, c->diag);
		staff_setup(c, c->diag);
		c->y++;
	}
	staff_counters(c);
	scr_menu(c, ids, 2);
	scr_hint(c, MSG_HINT_ESC_BACK);
	scr_hint_lang(c);
}

/* 1 takes the kiosk out of service (or puts it back); 2 and Esc go back
 * to the kiosk. */
static struct fsm_event staff_key(struct scr *c, int key)
{
	struct fsm_event e = scr_pick(key, 2);

	if (e.ev == EV_PICK && e.arg == 2)
		return scr_ev(EV_BACK, 0);
	return e;
}

const struct screen screen_staff = {
	.draw = staff_draw,
	.key = staff_key,
};

/* Out of service? Yes or no, and what it means. */
static void confirm_draw(struct scr *c)
{
	static const enum msg_id ids[] = { MSG_STAFF_OUT_YES, MSG_STAFF_OUT_NO };

	scr_title(c, MSG_STAFF_OUT);
	scr_para(c, MSG_STAFF_OUT_CONFIRM, 0, ROLE_WARNING);
	scr_menu(c, ids, 2);
	scr_hint(c, MSG_HINT_ESC_BACK);
}

/* 1 yes, 2 no; Esc no. */
static struct fsm_event confirm_key(struct scr *c, int key)
{
	(void)c;
	return scr_pick(key, 2);
}

const struct screen screen_staff_confirm = {
	.draw = confirm_draw,
	.key = confirm_key,
};
