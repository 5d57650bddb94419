/* test.c - "test my card": the details READ_INFO already gave (holder,
 * document, certificates and their chain check, code states: no try
 * spent), then on request a PIN test: the card signs a fresh challenge and
 * the kiosk verifies it against the card's certificate. The PIN "works"
 * only when the signature verifies and the certificate passes its check. */
#include "build-config.h"
#include "app_rules.h"

/* The key PIN i guards. */
static enum key_id test_key(int i)
{
	return i == 0 ? KEY_AUTH : KEY_SIGN;
}

/* Whether PIN i can be tested: activated and not blocked. */
static bool test_possible(const struct app *a, int i)
{
	const struct code_status *c = &a->info.code[i];

	return c->activated && c->tries_left != 0 && a->info.have_cert[test_key(i)];
}

/* Whether a certificate the card holds failed its check. */
APP_GUARD(g_cert_problem)
{
	for (int k = 0; k < KEY_COUNT; k++)
		if (a->info.have_cert[k] && a->info.chain[k] != CHAIN_OK)
			return true;
	return false;
}

/* "Test my card" picked, and a certificate failed: that screen first. */
APP_GUARD(g_pick_test_cert)
{
	return g_pick_test(a, e) && g_cert_problem(a, e);
}

/* Whether the picked number is a PIN test. */
APP_GUARD(g_pick_test_pin)
{
	enum app_choice c = app_choice_at(a, e->arg);

	return c == C_TEST_PIN1 || c == C_TEST_PIN2;
}

/* Whether the picked number goes back to the menu. */
APP_GUARD(g_pick_back)
{
	return app_choice_at(a, e->arg) == C_BACK;
}

/* The details screen and its choices: each PIN that can be tested, back. */
APP_ACTION(act_test_info)
{
	if (a->kind != J_TEST)
		app_journey_begin(a, J_TEST);
	a->nmenu = 0;
	for (int i = 0; i < 2; i++)
		if (test_possible(a, i))
			a->menu[a->nmenu++] = i == 0 ? C_TEST_PIN1 : C_TEST_PIN2;
	a->menu[a->nmenu++] = C_BACK;
	secret_wipe(a->old);
	a->timeouts = 0;
}

/* A PIN test was picked. */
APP_ACTION(act_test_pick)
{
	a->cur = app_choice_at(a, e->arg) == C_TEST_PIN2;
	secret_wipe(a->old);
	a->timeouts = 0;
}

/* Ask the card to verify the PIN and sign a fresh challenge. */
APP_ACTION(act_test_send)
{
	struct card_request rq = {
		.kind = REQ_TEST_SIGN,
		.code = a->cur == 0 ? CODE_PIN1 : CODE_PIN2,
		.old_pin = a->old,
	};

	a->wipe_on_result = true;   /* the PIN goes as soon as it is used */
	a->timeouts = 0;
	app_request(a, &rq);
}

/* A wrong PIN in a test, tries left: type it again. */
APP_GUARD(g_test_wrong_pin)
{
	return a->kind == J_TEST && g_wrong_pin(a, e);
}

/* Whether the test got as far as a signature. */
APP_GUARD(g_tested)
{
	return a->cev.req == REQ_TEST_SIGN && a->cev.sig_ok >= 0;
}

/* The test's outcome, for the result screen. */
APP_ACTION(act_tested)
{
	enum key_id k = test_key(a->cur);

	app_take_states(a);
	a->info.chain[k] = a->cev.info.chain[k];
	a->verdict = a->cev.sig_ok != 1 ? V_CARD_ERROR
	             : a->info.chain[k] == CHAIN_OK ? V_ACTIVE
	             : a->info.chain[k] == CHAIN_EXPIRED ? V_EXPIRED
	             : V_UNTRUSTED;
	if (a->verdict != V_ACTIVE)
		app_journey_end(a, END_CARD_ERROR);
	app_log(a, "pin%d test: signature %s, certificate %s", a->cur + 1,
	        a->cev.sig_ok == 1 ? "valid" : "INVALID",
	        certinfo_chain_name(a->info.chain[k]));
}
