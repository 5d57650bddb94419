/* scr_cert.c - test my card found a certificate that failed its check: its
 * own screen before the details, saying what it means and what to do. */
#include "build-config.h"
#include "screens.h"

/* Whether a certificate on the card failed its check with result r. */
static bool cert_failed(const struct card_info *in, enum chain_result r)
{
	for (int k = 0; k < KEY_COUNT; k++)
		if (in->have_cert[k] && in->chain[k] == r)
			return true;
	return false;
}

/* Expired, not valid yet (a card issued after the kiosk's clock: the
 * staff should look at the clock), or not confirmed as issued by a
 * trusted authority. */
static void cert_draw(struct scr *c)
{
	if (cert_failed(&c->app->info, CHAIN_EXPIRED)) {
		scr_title(c, MSG_CERT_EXPIRED_TITLE);
		scr_para(c, MSG_CERT_EXPIRED_TEXT, 0, ROLE_NORMAL);
	} else if (cert_failed(&c->app->info, CHAIN_NOT_YET_VALID)) {
		scr_title(c, MSG_CERT_UNTRUSTED_TITLE);
		scr_para(c, MSG_CERT_NOT_YET_VALID, 0, ROLE_NORMAL);
	} else {
		scr_title(c, MSG_CERT_UNTRUSTED_TITLE);
		scr_para(c, MSG_CERT_UNTRUSTED_TEXT, 0, ROLE_NORMAL);
	}
	scr_notice(c);
	scr_hint(c, MSG_HINT_ENTER);
	scr_hint(c, MSG_HINT_ESC_BACK);
	scr_hint_lang(c);
}

/* Enter or Esc: on to the details. */
static struct fsm_event cert_key(struct scr *c, int key)
{
	return scr_enter_esc(key);
}

const struct screen screen_cert = {
	.draw = cert_draw,
	.key = cert_key,
};
