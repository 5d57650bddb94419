/* test_fsm_journeys.c - the journeys of an activated card, as scripts of
 * events through the real transition table: the adaptive menu, unblocking,
 * changing a PIN (new equal to old, wrong current PIN, blocked by it),
 * "test my card" with its certificate screen and PIN test outcomes, an
 * expired card, a card pulled in the middle of a change, and the audit
 * records the card service's answers leave. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "audit_test_util.h"
#include "fsm_test_util.h"

/* A card read as activated with these tries left; returns on ST_MENU. */
static void to_menu(struct rec *r, int t1, int t2, int tpuk)
{
	ev(r, EV_CARD_IN, 0);
	read_result(r, true, true, t1, t2, tpuk);
	assert_state(r, ST_MENU);
}

/* The menu's choices, in order, as a string of letters. */
static const char *menu_string(const struct rec *r)
{
	static char buf[C_COUNT + 1];
	static const char letters[C_COUNT] = {
		[C_UNBLOCK1] = 'U', [C_UNBLOCK2] = 'u', [C_TEST] = 'T',
		[C_CHANGE1] = 'C', [C_CHANGE2] = 'c', [C_FINISH] = 'F',
		[C_TEST_PIN1] = 'P', [C_TEST_PIN2] = 'p', [C_BACK] = 'B',
		[C_UNBLOCK_NOW] = 'N', [C_RETRY] = 'R',
	};
	int i;

	for (i = 0; i < r->app.nmenu; i++)
		buf[i] = letters[r->app.menu[i]];
	buf[i] = '\0';
	return buf;
}

/* Only what makes sense, the recommended journey first. */
static void test_menu_adapts(void **state)
{
	struct rec *r = *state;
	static const struct { int t1, t2, tp; const char *menu; } cases[] = {
		{ 5, 5, 5, "TCcUuF" },     /* active: test, change, forgot */
		{ 0, 5, 5, "UTcuF" },      /* PIN1 blocked: unblock it first */
		{ 5, 0, 3, "uTCUF" },
		{ 0, 0, 2, "UuTF" },       /* both blocked, two tries left */
		{ 5, 5, 1, "TCcF" },       /* activation code low: no unblock */
		{ 5, 5, -1, "TCcUuF" },    /* its tries not told: the card counts */
		{ -1, 5, 5, "TCcUuF" },    /* PIN1's status not told */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		to_menu(r, cases[i].t1, cases[i].t2, cases[i].tp);
		assert_string_equal(menu_string(r), cases[i].menu);
		ev(r, EV_CARD_OUT, 0);
		assert_state(r, ST_WELCOME);
	}
	/* Esc on the menu finishes the visit. */
	to_menu(r, 5, 5, 5);
	ev(r, EV_BACK, 0);
	assert_state(r, ST_FINISH);
}

/* A blocked PIN1: activation code, the new PIN twice, one reset. */
static void test_unblock(void **state)
{
	struct rec *r = *state;

	to_menu(r, 0, 5, 5);
	ev(r, EV_PICK, 1);
	assert_state(r, ST_INTRO);
	assert_int_equal(r->app.kind, J_UNBLOCK);
	ev(r, EV_BACK, 0);                   /* Esc: back to the menu */
	assert_state(r, ST_MENU);
	ev(r, EV_PICK, 1);
	ev(r, EV_ENTER, 0);
	assert_state(r, ST_ENTER_PUK);
	int steps, step = app_step(&r->app, ST_ENTER_PUK, &steps);
	assert_int_equal(step, 1);
	assert_int_equal(steps, 3);
	type(r, "12345678");
	assert_state(r, ST_ENTER_PIN1);
	type(r, "2580");
	type(r, "2580");
	assert_state(r, ST_WORKING);
	assert_true(did(r, "card activate pin1"));
	assert_int_equal(r->rq_puk_len, 8);
	assert_int_equal(r->rq_pin_len, 4);
	act_result(r, GOT_FRESH, CE_OK, SW_OK, -1);
	assert_state(r, ST_DONE);
	assert_int_equal(r->app.puk->len, 0);
	assert_int_equal(r->app.pin[0]->len, 0);
	/* Counted: the Esc from the introduction cancelled a first try. */
	assert_int_equal(r->app.count.started, 2);
	assert_int_equal(r->app.count.finished, 1);
	assert_int_equal(r->app.count.done[J_UNBLOCK], 1);
	assert_int_equal(r->app.count.failed[END_CANCELLED], 1);
	ev(r, EV_CARD_OUT, 0);
	assert_int_equal(r->app.count.failed[END_REMOVED], 0);
}

/* Change PIN2: current PIN first; new equal to old is refused; a wrong
 * current PIN is retyped alone; then the card takes it. */
static void test_change(void **state)
{
	struct rec *r = *state;

	to_menu(r, 5, 5, 5);
	ev(r, EV_PICK, 3);                   /* "TCcUuF": c = change PIN2 */
	assert_int_equal(r->app.kind, J_CHANGE);
	assert_int_equal(r->app.cur, 1);
	ev(r, EV_ENTER, 0);
	assert_state(r, ST_ENTER_OLD);
	type(r, "246801");
	assert_state(r, ST_ENTER_PIN2);
	type(r, "246801");
	assert_state(r, ST_ENTER_PIN2);
	assert_int_equal(r->app.notice, MSG_RULE_SAME_AS_OLD);
	assert_int_equal(r->app.pin[1]->len, 0);
	type(r, "135792");
	type(r, "135792");
	assert_state(r, ST_WORKING);
	assert_true(did(r, "card change pin2"));
	assert_int_equal(r->rq_old_len, 6);
	assert_int_equal(r->rq_pin_len, 6);

	pin_result(r, REQ_CHANGE, GOT_SENT, CE_OK, SW_WRONG_CODE, 4, -1);
	assert_state(r, ST_ENTER_OLD);
	assert_int_equal(r->app.notice, MSG_WRONG_PIN2);
	assert_int_equal(r->app.info.code[CODE_PIN2].tries_left, 4);
	assert_int_equal(r->app.old->len, 0);
	type(r, "246800");                   /* the new PIN is still ready */
	assert_state(r, ST_WORKING);
	assert_true(did(r, "card change pin2"));
	/* the card says the new PIN equals the current one (6985, 6A80):
	 * the new PIN twice more, the current one stays */
	pin_result(r, REQ_CHANGE, GOT_SENT, CE_OK, SW_CONDITIONS, -1, -1);
	assert_state(r, ST_ENTER_PIN2);
	assert_int_equal(r->app.notice, MSG_RULE_SAME_AS_OLD);
	assert_int_equal(r->app.pin[1]->len, 0);
	assert_int_equal(r->app.old->len, 6);
	type(r, "135792");
	type(r, "135792");
	assert_true(did(r, "card change pin2"));
	pin_result(r, REQ_CHANGE, GOT_SENT, CE_OK, SW_BAD_DATA, -1, -1);
	assert_state(r, ST_ENTER_PIN2);
	type(r, "135792");
	type(r, "135792");
	pin_result(r, REQ_CHANGE, GOT_FRESH, CE_OK, SW_OK, -1, -1);
	assert_state(r, ST_DONE);
	assert_int_equal(r->app.old->len, 0);
	assert_int_equal(r->app.pin[1]->len, 0);
}

/* block_by_change T: change PIN1 whose tries are all spent by one more
 * wrong current PIN; the card answers with T tries of the activation
 * code. Returns on the end screen. */
static void block_by_change(struct rec *r, int tpuk)
{
	to_menu(r, 1, 5, tpuk);
	ev(r, EV_PICK, 2);                   /* "TCc...": C = change PIN1 */
	ev(r, EV_ENTER, 0);
	type(r, "9999");
	type(r, "2580");
	type(r, "2580");
	pin_result(r, REQ_CHANGE, GOT_SENT, CE_OK, SW_WRONG_CODE, 0, -1);
	assert_state(r, ST_CARD_END);
}

/* The last wrong current PIN blocks it: its own end with two numbered
 * choices, no Enter; 1 goes straight into unblocking that PIN, 2
 * finishes without a thank-you. With one activation code try left there
 * is nothing to choose: only the card to take. */
static void test_change_blocks(void **state)
{
	struct rec *r = *state;

	block_by_change(r, 5);
	assert_int_equal(r->app.verdict, V_PIN1_BLOCKED);
	assert_int_equal(r->app.pin[0]->len, 0);
	assert_string_equal(menu_string(r), "NF");
	assert_null(fsm_find(&fsm_kiosk, &r->app, ST_CARD_END,
	                     &(struct fsm_event){ .ev = EV_ENTER, .key = true }));
	ev(r, EV_PICK, 1);
	assert_state(r, ST_INTRO);
	assert_int_equal(r->app.kind, J_UNBLOCK);
	assert_int_equal(r->app.cur, 0);
	assert_false(did(r, "card read"));
	ev(r, EV_ENTER, 0);
	assert_state(r, ST_ENTER_PUK);
	assert_int_equal(app_step(&r->app, ST_ENTER_PUK, &(int){ 0 }), 1);
	ev(r, EV_BACK, 0);                   /* Esc: the introduction */
	ev(r, EV_BACK, 0);                   /* ... then the menu */
	assert_state(r, ST_MENU);
	assert_string_equal(menu_string(r), "UTcuF");
	ev(r, EV_CARD_OUT, 0);

	block_by_change(r, 5);
	ev(r, EV_PICK, 2);
	assert_state(r, ST_FINISH);
	assert_false(r->app.finished_well);
	ev(r, EV_CARD_OUT, 0);

	block_by_change(r, 1);
	assert_int_equal(r->app.verdict, V_BLOCKED_PUK_LOW);
	assert_int_equal(r->app.nmenu, 0);
	ev(r, EV_PICK, 1);
	assert_state(r, ST_CARD_END);
}

/* From the menu, a change of PIN1 sent, and the card's answer. */
static void change_pin1_answered(struct rec *r, enum card_err err,
                                 enum sw_kind sw)
{
	to_menu(r, 5, 5, 5);
	ev(r, EV_PICK, 2);                       /* change PIN1 */
	ev(r, EV_ENTER, 0);
	type(r, "1357");
	type(r, "2580");
	type(r, "2580");
	pin_result(r, REQ_CHANGE, GOT_SENT, err, sw, -1, -1);
}

/* A card that refused a write: 1 reads it again and tries again, 2
 * finishes; when the answer was lost nothing but a new insertion tells
 * what it holds, so there is nothing to choose. */
static void test_card_error(void **state)
{
	struct rec *r = *state;

	for (int pick = 1; pick <= 2; pick++) {
		change_pin1_answered(r, CE_OK, SW_OTHER);
		assert_state(r, ST_CARD_END);
		assert_int_equal(r->app.verdict, V_CARD_ERROR);
		assert_string_equal(menu_string(r), "RF");
		ev(r, EV_PICK, pick);
		assert_state(r, pick == 1 ? ST_READING : ST_FINISH);
		assert_int_equal(did(r, "card read"), pick == 1);
		ev(r, EV_CARD_OUT, 0);
	}
	change_pin1_answered(r, CE_COMM, SW_OK);
	assert_state(r, ST_CARD_END);
	assert_true(r->app.unknown);
	assert_int_equal(r->app.nmenu, 0);
}

/* Test my card: details, a PIN test that works, one whose signature does
 * not verify, and a certificate that failed its check. */
static void test_test_card(void **state)
{
	struct rec *r = *state;

	to_menu(r, 5, 5, 5);
	r->app.info.have_cert[KEY_AUTH] = r->app.info.have_cert[KEY_SIGN] = true;
	ev(r, EV_PICK, 1);
	assert_state(r, ST_TEST_INFO);
	assert_string_equal(menu_string(r), "PpB");
	ev(r, EV_PICK, 1);
	assert_state(r, ST_TEST_ENTER);
	assert_int_equal(app_step(&r->app, ST_TEST_ENTER, &(int){ 0 }), 0);
	type(r, "1357");
	assert_state(r, ST_WORKING);
	assert_true(did(r, "card sign pin1"));
	assert_int_equal(r->rq_old_len, 4);
	pin_result(r, REQ_TEST_SIGN, GOT_FRESH, CE_OK, SW_OK, -1, 1);
	assert_state(r, ST_TEST_RESULT);
	assert_int_equal(r->app.verdict, V_ACTIVE);
	assert_int_equal(r->app.old->len, 0);   /* wiped with the result */

	ev(r, EV_ENTER, 0);
	assert_state(r, ST_TEST_INFO);
	ev(r, EV_PICK, 2);
	type(r, "246801");
	assert_true(did(r, "card sign pin2"));
	pin_result(r, REQ_TEST_SIGN, GOT_FRESH, CE_OK, SW_OK, -1, 0);
	assert_int_equal(r->app.verdict, V_CARD_ERROR);
	ev(r, EV_BACK, 0);
	ev(r, EV_PICK, 1);
	type(r, "1111");
	pin_result(r, REQ_TEST_SIGN, GOT_SENT, CE_OK, SW_WRONG_CODE, 4, -1);
	assert_state(r, ST_TEST_ENTER);
	assert_int_equal(r->app.notice, MSG_WRONG_PIN1);
	ev(r, EV_BACK, 0);
	assert_state(r, ST_TEST_INFO);
	ev(r, EV_PICK, 3);                   /* back */
	assert_state(r, ST_MENU);

	/* An untrusted certificate: its own screen, then the details; the
	 * PIN test then fails on the certificate, not the signature. */
	r->app.info.chain[KEY_AUTH] = CHAIN_UNTRUSTED;
	ev(r, EV_PICK, 1);
	assert_state(r, ST_TEST_CERT);
	ev(r, EV_ENTER, 0);
	assert_state(r, ST_TEST_INFO);
	ev(r, EV_PICK, 1);
	type(r, "1357");
	pin_result(r, REQ_TEST_SIGN, GOT_FRESH, CE_OK, SW_OK, -1, 1);
	assert_int_equal(r->app.verdict, V_UNTRUSTED);
}

/* An expired card ends with its own screen; 1 shows its details, 2
 * finishes. */
static void test_expired(void **state)
{
	struct rec *r = *state;
	struct card_event ce, *c = &ce;

	ev(r, EV_CARD_IN, 0);
	memset(c, 0, sizeof *c);
	c->kind = CEV_RESULT;
	c->req = REQ_READ_INFO;
	c->read_complete = true;
	for (int i = 0; i < CODE_COUNT; i++)
		c->info.code[i] = (struct code_status){ true, 5, true };
	c->info.have_cert[KEY_AUTH] = true;
	c->info.chain[KEY_AUTH] = CHAIN_EXPIRED;
	card(r, c);
	assert_state(r, ST_CARD_END);
	assert_int_equal(r->app.verdict, V_EXPIRED);
	assert_string_equal(menu_string(r), "TF");
	ev(r, EV_PICK, 1);
	assert_state(r, ST_TEST_INFO);
	assert_int_equal(r->app.kind, J_TEST);
}

/* Pulled while the change was being written: the late result tells
 * whether it was saved. */
static void test_change_pulled(void **state)
{
	struct rec *r = *state;

	to_menu(r, 5, 5, 5);
	ev(r, EV_PICK, 2);
	ev(r, EV_ENTER, 0);
	type(r, "1357");
	type(r, "2580");
	type(r, "2580");
	assert_state(r, ST_WORKING);
	ev(r, EV_CARD_OUT, 0);
	assert_state(r, ST_REMOVED);
	assert_true(r->app.unknown);
	assert_int_equal(r->app.old->len, 4);   /* still lent to the card */
	pin_result(r, REQ_CHANGE, GOT_WRITTEN, CE_REMOVED, SW_OK, -1, -1);
	assert_false(r->app.unknown);
	assert_true(r->app.done[0]);
	assert_int_equal(r->app.old->len, 0);
	assert_int_equal(r->app.pin[0]->len, 0);
	assert_int_equal(r->app.count.failed[END_REMOVED], 1);
	assert_int_equal(r->app.count.finished, 0);
}

/* The card service's events reach the audit trail through the model: a
 * card no profile serves with its ATR (and staff see it), each card
 * operation with the tries before and after, and a card lost with the
 * card service ends the journey as such, not as pulled. */
static void test_card_records(void **state)
{
	struct rec *r = *state;
	struct card_event odd = { .kind = CEV_CARD_INSERTED, .atr = { 0x3B, 0x8F },
	                          .atr_len = 2, .advice = ADV_CONTACTLESS };
	struct card_event out = { .kind = CEV_CARD_REMOVED };
	struct card_event lost = { .kind = CEV_CARD_REMOVED,
	                           .service_lost = true };

	assert_int_equal(at_setup(NULL), 0);
	r->app.audit = at_open();
	card(r, &odd);
	assert_state(r, ST_CARD_END);
	assert_int_equal(r->app.verdict, V_CONTACTLESS);
	assert_int_equal(r->app.seen.atr_len, 2);
	card(r, &out);
	assert_int_equal(r->app.seen.atr_len, 0);
	assert_int_equal(r->app.reader, RD_OK);
	to_menu(r, 0, 5, 5);
	ev(r, EV_PICK, 1);
	ev(r, EV_ENTER, 0);
	type(r, "12345678");
	type(r, "2580");
	type(r, "2580");
	act_result(r, GOT_SENT, CE_OK, SW_WRONG_CODE, 2);
	assert_state(r, ST_ENTER_PUK);
	card(r, &lost);
	assert_int_equal(r->app.reader, RD_SERVICE_DOWN);
	assert_state(r, ST_REMOVED);
	audit_close(r->app.audit);
	r->app.audit = NULL;
	assert_true(at_has(at_log, "card_not_served advice=contactless atr=3B8F "
	                   "known=-"));
	assert_true(at_has(at_log, "card_op op=read_info result=ok profile=-"));
	assert_true(at_has(at_log, "journey_start journey=unblock"));
	assert_true(at_has(at_log, "card_op op=reset_retry code=puk "
	                   "result=wrong_code step=0 tries_before=5 "
	                   "tries_after=2"));
	assert_true(at_has(at_log, "journey_end journey=unblock "
	                   "reason=service_down"));
	assert_int_equal(at_teardown(NULL), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_menu_adapts), T(test_unblock), T(test_change),
		T(test_change_blocks), T(test_card_error), T(test_test_card),
		T(test_expired), T(test_change_pulled), T(test_card_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
