/* test_demo.c - the --demo card service without a terminal: the same event
 * semantics as the PC/SC service (reader empty, inserted with a profile,
 * results, removed then empty), a card that keeps its state while out of
 * the reader, fresh cards in a chosen start state, requests refused when
 * no card is in, and the demo's keys and line as card.h hands them to the
 * loop. Waits poll the event fd with a deadline. */
#include <curses.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "demo.h"
#include "secret.h"
#include "vcard_pki.h"

#define WAIT_MS 10000

/* The next event, waiting up to WAIT_MS for it. */
static struct card_event next_event(struct card_service *cs)
{
	struct card_event ev;
	struct pollfd p = { card_event_fd(cs), POLLIN, 0 };

	memset(&ev, 0, sizeof ev);
	if (card_next_event(cs, &ev) == 1)
		return ev;
	assert_int_equal(poll(&p, 1, WAIT_MS), 1);
	assert_int_equal(card_next_event(cs, &ev), 1);
	return ev;
}

/* A secret holding digits. */
static struct secret *code(const char *digits)
{
	struct secret *s = secret_new();

	assert_non_null(s);
	for (const char *p = digits; *p; p++)
		assert_int_equal(secret_push(s, *p), 0);
	return s;
}

/* Start the service on the shipped card profiles. */
static int setup(void **state)
{
	struct card_config cfg = { "", TOP_SRCDIR "/conf/cards.conf", "", false };
	char *cause = NULL;
	struct card_service *cs;

	secret_arena_init();
	cs = card_start_demo(&cfg, &cause);
	if (!cs) {
		fprintf(stderr, "%s\n", cause ? cause : "no demo service");
		free(cause);
		return -1;
	}
	*state = cs;
	return 0;
}

static int teardown(void **state)
{
	card_stop(*state);
	return 0;
}

/* Insert the card; the inserted event names the profile. */
static void insert(struct card_service *cs)
{
	struct card_event ev;

	demo_toggle_card(cs);
	ev = next_event(cs);
	assert_int_equal(ev.kind, CEV_CARD_INSERTED);
	assert_true(ev.profile[0] != '\0');
	assert_true(ev.atr_len > 0);
}

/* Remove the card: removed, then the reader is empty. */
static void remove_card(struct card_service *cs)
{
	demo_toggle_card(cs);
	assert_int_equal(next_event(cs).kind, CEV_CARD_REMOVED);
	assert_int_equal(next_event(cs).kind, CEV_READER_EMPTY);
}

/* READ_INFO on the inserted card. */
static struct card_event read_info(struct card_service *cs)
{
	struct card_request rq = { .kind = REQ_READ_INFO };
	struct card_event ev;

	assert_int_equal(card_request(cs, &rq), 0);
	ev = next_event(cs);
	assert_int_equal(ev.kind, CEV_RESULT);
	assert_int_equal(ev.req, REQ_READ_INFO);
	assert_int_equal(ev.res.err, CE_OK);
	assert_int_equal(ev.step, 7);
	return ev;
}

/* New card: activate PIN1; the card keeps it while out of the reader. */
static void test_activate_and_keep(void **state)
{
	struct card_service *cs = *state;
	struct secret *puk = code(VCARD_DEFAULT_PUK), *pin = code("2580");
	struct card_request rq = { REQ_ACTIVATE, CODE_PIN1, puk, NULL, pin };
	struct card_event ev;

	assert_int_equal(next_event(cs).kind, CEV_READER_EMPTY);
	assert_string_equal(demo_card_name(cs), "new");
	assert_int_equal(card_request(cs, &rq), -1);   /* no card yet */
	insert(cs);
	assert_true(demo_card_in(cs));
	ev = read_info(cs);
	assert_false(ev.info.code[CODE_PIN1].activated);
	assert_false(ev.info.code[CODE_PIN2].activated);
	assert_int_equal(ev.info.code[CODE_PUK].tries_left, 5);
	assert_int_equal(card_request(cs, &rq), 0);
	ev = next_event(cs);
	assert_int_equal(ev.kind, CEV_RESULT);
	assert_int_equal(ev.res.err, CE_OK);
	assert_int_equal(ev.res.kind, SW_OK);
	assert_int_equal(ev.step, 5);
	assert_true(ev.info.code[CODE_PIN1].activated);
	remove_card(cs);
	insert(cs);
	ev = read_info(cs);
	assert_true(ev.info.code[CODE_PIN1].activated);
	assert_false(ev.info.code[CODE_PIN2].activated);
	secret_free(puk);
	secret_free(pin);
}

/* A chosen kind makes a fresh card at the next insertion; the demo CA
 * is trusted, the expired and untrusted kinds fail their checks. */
static void test_start_states(void **state)
{
	struct card_service *cs = *state;
	struct card_event ev;

	assert_int_equal(next_event(cs).kind, CEV_READER_EMPTY);
	demo_set_card(cs, DC_LOCKED);
	assert_string_equal(demo_card_name(cs), "locked");
	insert(cs);
	ev = read_info(cs);
	assert_int_equal(ev.info.code[CODE_PUK].tries_left, 0);
	assert_int_equal(ev.info.chain[KEY_AUTH], CHAIN_OK);
	remove_card(cs);
	demo_set_card(cs, DC_EXPIRED);
	insert(cs);
	assert_int_equal(read_info(cs).info.chain[KEY_AUTH], CHAIN_EXPIRED);
	remove_card(cs);
	demo_next_card(cs);
	assert_string_equal(demo_card_name(cs), "untrusted");
	insert(cs);
	assert_int_equal(read_info(cs).info.chain[KEY_SIGN], CHAIN_UNTRUSTED);
	remove_card(cs);
	demo_next_card(cs);
	demo_next_card(cs);                      /* an older card: v3.1 */
	assert_string_equal(demo_card_name(cs), "v3.1");
	insert(cs);
	ev = read_info(cs);
	assert_string_equal(ev.info.profile, "FinEID v3.1");
	assert_int_equal(ev.info.puk_len, 8);
	assert_int_equal(ev.info.chain[KEY_AUTH], CHAIN_OK);
	remove_card(cs);
	demo_next_card(cs);                      /* wraps around to "new" */
	assert_int_equal(demo_card(cs), DC_NEW);
	demo_next_card(cs);
	assert_int_equal(demo_card(cs), DC_PIN1_SET);
	insert(cs);
	ev = read_info(cs);
	assert_true(ev.info.code[CODE_PIN1].activated);
	assert_false(ev.info.code[CODE_PIN2].activated);
}

/* A wrong activation code costs a try and says how many are left. */
static void test_wrong_code(void **state)
{
	struct card_service *cs = *state;
	struct secret *puk = code("87654321"), *pin = code("2580");
	struct card_request rq = { REQ_ACTIVATE, CODE_PIN1, puk, NULL, pin };
	struct card_event ev;

	assert_int_equal(next_event(cs).kind, CEV_READER_EMPTY);
	insert(cs);
	assert_int_equal(card_request(cs, &rq), 0);
	ev = next_event(cs);
	assert_int_equal(ev.res.err, CE_OK);
	assert_int_equal(ev.res.kind, SW_WRONG_CODE);
	assert_int_equal(ev.res.tries_left, 4);
	assert_int_equal(ev.step, 1);
	secret_free(puk);
	secret_free(pin);
}

/* F5 and F6 through card.h: the card in and out, the next kind shown on
 * the demo line with the activation code; other keys are the screen's. */
static void test_keys_and_line(void **state)
{
	struct card_service *cs = *state;
	struct card_demo_line d;

	assert_int_equal(next_event(cs).kind, CEV_READER_EMPTY);
	assert_true(card_demo_line(cs, &d));
	assert_false(d.card_in);
	assert_int_equal(d.next, DC_NEW);
	assert_string_equal(d.code, VCARD_DEFAULT_PUK);
	assert_false(card_demo_key(cs, KEY_F(4)));
	assert_false(card_demo_key(cs, '1'));
	assert_true(card_demo_key(cs, KEY_F(6)));
	assert_true(card_demo_key(cs, KEY_F(6)));
	assert_true(card_demo_line(cs, &d));
	assert_int_equal(d.next, DC_ACTIVE);
	assert_true(card_demo_key(cs, KEY_F(5)));
	assert_int_equal(next_event(cs).kind, CEV_CARD_INSERTED);
	assert_true(card_demo_line(cs, &d));
	assert_true(d.card_in);
	assert_true(card_demo_key(cs, KEY_F(5)));
	assert_int_equal(next_event(cs).kind, CEV_CARD_REMOVED);
	assert_true(card_demo_line(cs, &d));
	assert_false(d.card_in);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_activate_and_keep), T(test_start_states), T(test_wrong_code),
		T(test_keys_and_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
