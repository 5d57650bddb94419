/* scr_info.c - test my card: what was read from the card without spending
 * a try (holder, document number, each certificate's validity, issuer and
 * check, each code's state), then the PIN tests on offer, numbered. */
#include "build-config.h"
#include <stdio.h>
#include <time.h>
#include "screens.h"

/* What gives way when the body is too short for the details and the
 * choices, the least needed first: the introduction, the blank rows
 * between the parts, the issuers. The choices never do: a screen whose
 * hint says "Number = choose" must show the numbers. */
enum info_fit { FIT_ALL, FIT_NO_INTRO, FIT_NO_GAPS, FIT_NO_ISSUER };

/* A date as the citizen reads it on the card: 31.12.2030. */
static void info_date(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (t == 0 || !gmtime_r(&t, &tm) ||
	    strftime(buf, n, "%d.%m.%Y", &tm) == 0)
		snprintf(buf, n, "-");
}

/* One certificate in three rows: its check, validity, issuer (two rows
 * when the issuer gives way). */
static void info_cert(struct scr *c, enum key_id k, enum msg_id name,
                      enum info_fit fit)
{
	const struct card_info *in = &c->app->info;
	const struct cert_summary *cs = &in->cert[k];
	char a[128], b[128], from[32], until[32], line[400];
	enum chain_result r = in->chain[k];

	if (!in->have_cert[k])
		return;
	scr_fmt(c, r == CHAIN_OK ? MSG_INFO_CHAIN_OK
	           : r == CHAIN_EXPIRED ? MSG_INFO_CHAIN_EXPIRED
	           : r == CHAIN_NOT_YET_VALID ? MSG_INFO_CHAIN_NOT_YET_VALID
	           : MSG_INFO_CHAIN_FAILED, 0, line, sizeof line);
	scr_label(c, 0, name, line, r == CHAIN_OK ? ROLE_SUCCESS : ROLE_ERROR);
	info_date(cs->not_before, from, sizeof from);
	info_date(cs->not_after, until, sizeof until);
	snprintf(line, sizeof line, "%s: %s   %s: %s",
	         scr_fmt(c, MSG_INFO_VALID_FROM, 0, a, sizeof a), from,
	         scr_fmt(c, MSG_INFO_VALID_UNTIL, 0, b, sizeof b), until);
	if (scr_rows_left(c) >= 1)
		wg_line(c->w, c->look, c->y++, c->x + 2, c->width - 2, line,
		        r == CHAIN_EXPIRED || r == CHAIN_NOT_YET_VALID ? ROLE_ERROR
		                                                : ROLE_NORMAL);
	if (fit < FIT_NO_ISSUER)
		scr_label(c, 2, MSG_INFO_ISSUER, cs->issuer_cn, ROLE_NORMAL);
}

/* One code: activated or not or blocked, and its tries left; or that
 * the card did not tell. */
static void info_code(struct scr *c, enum code_id id, enum msg_id name)
{
	const struct code_status *st = &c->app->info.code[id];
	char state[128], tries[128], value[300];
	enum msg_id m = st->tries_left == 0 ? MSG_INFO_BLOCKED
	                : id == CODE_PUK || st->activated ? MSG_INFO_ACTIVATED
	                : MSG_INFO_NOT_ACTIVATED;

	if (!st->known) {
		scr_label(c, 2, name, scr_fmt(c, MSG_INFO_NOT_KNOWN, 0, value,
		                              sizeof value), ROLE_WARNING);
		return;
	}

	scr_fmt(c, MSG_TRIES_LEFT, st->tries_left, tries, sizeof tries);
	if (id == CODE_PUK && st->tries_left != 0)
		snprintf(value, sizeof value, "%s", tries);
	else
		snprintf(value, sizeof value, "%s, %s",
		         scr_fmt(c, m, 0, state, sizeof state), tries);
	scr_label(c, 2, name, value,
	          st->tries_left <= 1 ? ROLE_WARNING : ROLE_NORMAL);
}

/* A blank row between the parts, while there is room for it. */
static void info_gap(struct scr *c, enum info_fit fit)
{
	if (fit < FIT_NO_GAPS)
		c->y++;
}

/* The card's details, with as much as fit allows. */
static void info_details(struct scr *c, enum info_fit fit)
{
	const struct card_info *in = &c->app->info;
	const struct cert_summary *who = &in->cert[in->have_cert[KEY_AUTH] ?
	                                            KEY_AUTH : KEY_SIGN];

	scr_title(c, MSG_INFO_TITLE);
	if (fit < FIT_NO_INTRO)
		scr_para(c, MSG_INFO_INTRO, 0, ROLE_NORMAL);
	scr_label(c, 0, MSG_INFO_HOLDER, who->holder[0] ? who->holder : "-",
	          ROLE_NORMAL);
	scr_label(c, 0, MSG_INFO_DOCUMENT, in->docnum[0] ? in->docnum : "-",
	          ROLE_NORMAL);
	info_gap(c, fit);
	info_cert(c, KEY_AUTH, MSG_INFO_CERT_AUTH, fit);
	info_cert(c, KEY_SIGN, MSG_INFO_CERT_SIGN, fit);
	info_gap(c, fit);
	info_code(c, CODE_PIN1, MSG_NAME_PIN1);
	info_code(c, CODE_PIN2, MSG_NAME_PIN2);
	info_code(c, CODE_PUK, MSG_NAME_PUK);
	info_gap(c, fit);
}

/* The details and the tests on offer: drawn again with less each time
 * until the choices fit below them. */
static void info_draw(struct scr *c)
{
	int top = c->y;
	enum info_fit fit = FIT_ALL;

	info_details(c, fit);
	scr_notice(c);
	while (scr_rows_left(c) < c->app->nmenu && fit < FIT_NO_ISSUER) {
		werase(c->w);
		c->y = top;
		info_details(c, ++fit);
		scr_notice(c);
	}
	scr_choices(c);
	scr_hint(c, MSG_HINT_ESC_BACK);
	scr_hint_lang(c);
}

/* A digit picks; Esc goes back to the menu. */
static struct fsm_event info_key(struct scr *c, int key)
{
	return scr_pick(key, c->app->nmenu);
}

const struct screen screen_info = {
	.draw = info_draw,
	.key = info_key,
};
