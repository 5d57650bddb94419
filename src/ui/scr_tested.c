/* scr_tested.c - the outcome of a PIN test: the card signed a fresh
 * challenge and the signature verified against a certificate that passed
 * its check ("your PIN works"), or which of those failed. */
#include "build-config.h"
#include "screens.h"

/* Works, or the signature or the certificate failed. */
static void tested_draw(struct scr *c)
{
	const struct app *a = c->app;
	bool pin1 = a->cur == 0;

	switch (a->verdict) {
	case V_ACTIVE:
		scr_title(c, MSG_TEST_OK_TITLE);
		scr_para(c, pin1 ? MSG_TEST_OK_TEXT : MSG_TEST_OK_TEXT_PIN2, 0,
		         ROLE_SUCCESS);
		break;
	case V_EXPIRED: case V_UNTRUSTED:
		scr_title(c, MSG_TEST_FAILED_TITLE);
		scr_para(c, a->verdict == V_EXPIRED ? MSG_CERT_EXPIRED_TITLE
		                                    : MSG_CERT_UNTRUSTED_TITLE,
		         0, ROLE_ERROR);
		scr_para(c, MSG_TEST_CERT_FAILED_TEXT, 0, ROLE_NORMAL);
		break;
	default:
		scr_title(c, MSG_TEST_FAILED_TITLE);
		scr_para(c, MSG_TEST_FAILED_TEXT, 0, ROLE_ERROR);
		break;
	}
	scr_notice(c);
	scr_hint(c, MSG_HINT_ENTER);
	scr_hint_lang(c);
}

/* Enter or Esc: back to the details. */
static struct fsm_event tested_key(struct scr *c, int key)
{
	return scr_enter_esc(key);
}

const struct screen screen_tested = {
	.draw = tested_draw,
	.key = tested_key,
};
