/* test_card_ops.c - whole requests against a scripted card: what the result
 * says happened (read through, write sent, written, states fresh), and
 * that what a card will not tell leaves a fact unknown instead of the
 * card unreadable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "card_ops.h"
#include "card_script.h"

#define AID "A0 00 00 00 63 50 4B 43 53 2D 31 35"
#define SELECT_AID "00 A4 04 0C 0C " AID
#define Q_PIN1 "00 CB 00 FF 05 A0 03 83 01 11"
#define Q_PIN2 "00 CB 00 FF 05 A0 03 83 01 82"
#define Q_PUK "00 CB 00 FF 05 A0 03 83 01 83"
/* The answer recorded from a real FinEID (test_fineid.c), for PIN1. */
#define REC_PIN1 "A0 23 83 01 11 8C 04 F0 00 00 00 9C 04 F0 00 00 00 " \
	"DF 21 04 05 FF A5 03 DF 27 02 FF FF DF 28 01 0C DF 2F 01 01 90 00"
#define REC_PIN2 "A0 23 83 01 82 8C 04 F0 00 00 00 9C 04 F0 00 00 00 " \
	"DF 21 04 04 FF A5 03 DF 27 02 FF FF DF 28 01 0C DF 2F 01 01 90 00"
#define RRC_PIN1 "00 2C 00 11 18 31 32 33 34 35 36 37 38 00 00 00 00 " \
	"31 33 35 37 00 00 00 00 00 00 00 00"

static const struct card_config cfg = { NULL, NULL, NULL, false };


/* The token info answered with a SEQUENCE we cannot read, no certificate
 * files: the commands of a READ_INFO up to the code statuses. */
static void script_info_head(struct card_script *s)
{
	script_add(s, SELECT_AID, "90 00");
	script_add(s, "00 A4 08 04 02 50 32", "61 06");
	script_add(s, "00 C0 00 00 06", "62 04 81 02 00 08 90 00");
	script_add(s, "00 B0 00 00 08", "31 06 02 01 00 04 01 41 90 00");
	script_add(s, "00 A4 08 04 02 43 31", "6A 82");
	script_add(s, "00 A4 08 04 04 50 16 43 32", "6A 82");
}

/* A card that will not tell the activation code's status (6A88) and
 * whose token info we cannot parse is still read through: the document
 * number and that status are unknown, the rest is there. */
static void test_read_info_unknowns(void **state)
{
	struct card_profile p = script_profile();
	struct card_request rq = { .kind = REQ_READ_INFO };
	struct card_script s;
	struct card_event ev;

	script_init(&s);
	script_info_head(&s);
	script_add(&s, Q_PIN1, "61 25");
	script_add(&s, "00 C0 00 00 25", REC_PIN1);
	script_add(&s, Q_PIN2, "61 25");
	script_add(&s, "00 C0 00 00 25", REC_PIN2);
	script_add(&s, Q_PUK, "6A 88");
	card_ops_run(&s.io, &p, &cfg, &rq, &ev);
	script_done(&s);
	assert_true(ev.read_complete);
	assert_true(ev.states_fresh);
	assert_string_equal(ev.info.docnum, "");
	assert_false(ev.info.have_cert[KEY_AUTH]);
	assert_true(ev.info.code[CODE_PIN1].known);
	assert_int_equal(ev.info.code[CODE_PIN1].tries_left, 5);
	assert_int_equal(ev.info.code[CODE_PIN2].tries_left, 4);
	assert_false(ev.info.code[CODE_PUK].known);
	assert_int_equal(ev.info.code[CODE_PUK].tries_left, -1);
	assert_int_equal(ev.info.puk_len, 0);
	assert_string_equal(ev.info.profile, "FinEID test");
}

/* A failed exchange stops the read: not read through. */
static void test_read_info_removed(void **state)
{
	struct card_profile p = script_profile();
	struct card_request rq = { .kind = REQ_READ_INFO };
	struct card_script s;
	struct card_event ev;

	script_init(&s);
	script_info_head(&s);
	script_add(&s, Q_PIN1, "61 25");
	script_add(&s, "00 C0 00 00 25", REC_PIN1);
	script_add_err(&s, Q_PIN2, CE_REMOVED);
	card_ops_run(&s.io, &p, &cfg, &rq, &ev);
	script_done(&s);
	assert_false(ev.read_complete);
	assert_false(ev.states_fresh);
	assert_int_equal(ev.res.err, CE_REMOVED);
}

/* An activation: nothing sent when the select fails; sent and lost; sent
 * and refused; written with the states read again; written and the card
 * gone before the states. */
static void test_activate_outcomes(void **state)
{
	struct card_profile p = script_profile();
	struct secret puk = { .d = "12345678", .len = 8 };
	struct secret pin = { .d = "1357", .len = 4 };
	struct card_request rq = { .kind = REQ_ACTIVATE, .code = CODE_PIN1,
	                           .puk = &puk, .new_pin = &pin };
	struct card_script s;
	struct card_event ev;

	script_init(&s);
	script_add_err(&s, SELECT_AID, CE_REMOVED);
	script_add(&s, SELECT_AID, "90 00");
	script_add_err(&s, RRC_PIN1, CE_TIMEOUT);
	script_add(&s, SELECT_AID, "90 00");
	script_add(&s, RRC_PIN1, "63 C4");
	script_add(&s, SELECT_AID, "90 00");
	script_add(&s, RRC_PIN1, "90 00");
	script_add(&s, Q_PIN1, "61 25");
	script_add(&s, "00 C0 00 00 25", REC_PIN1);
	script_add(&s, Q_PIN2, "61 25");
	script_add(&s, "00 C0 00 00 25", REC_PIN2);
	script_add(&s, Q_PUK, "6A 88");
	script_add(&s, SELECT_AID, "90 00");
	script_add(&s, RRC_PIN1, "90 00");
	script_add_err(&s, Q_PIN1, CE_REMOVED);

	card_ops_run(&s.io, &p, &cfg, &rq, &ev);
	assert_false(ev.write_sent || ev.written || ev.states_fresh);
	card_ops_run(&s.io, &p, &cfg, &rq, &ev);
	assert_true(ev.write_sent);
	assert_false(ev.written);
	assert_int_equal(ev.res.err, CE_TIMEOUT);
	card_ops_run(&s.io, &p, &cfg, &rq, &ev);
	assert_true(ev.write_sent);
	assert_false(ev.written);
	assert_int_equal(ev.res.kind, SW_WRONG_CODE);
	assert_int_equal(ev.res.tries_left, 4);
	card_ops_run(&s.io, &p, &cfg, &rq, &ev);
	assert_true(ev.written && ev.states_fresh);
	assert_false(ev.info.code[CODE_PUK].known);
	card_ops_run(&s.io, &p, &cfg, &rq, &ev);
	assert_true(ev.written);
	assert_false(ev.states_fresh);
	assert_int_equal(ev.res.err, CE_REMOVED);
	script_done(&s);
}

/* A code of a length the card does not take: nothing is sent at all. */
static void test_activate_refused_length(void **state)
{
	struct card_profile p = script_profile();
	struct secret puk = { .d = "123456", .len = 6 };
	struct secret pin = { .d = "1357", .len = 4 };
	struct card_request rq = { .kind = REQ_ACTIVATE, .code = CODE_PIN1,
	                           .puk = &puk, .new_pin = &pin };
	struct card_script s;
	struct card_event ev;

	script_init(&s);   /* empty: any command fails the test */
	card_ops_run(&s.io, &p, &cfg, &rq, &ev);
	assert_false(ev.write_sent);
	assert_int_equal(ev.res.kind, SW_WRONG_LENGTH);
	script_done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_info_unknowns),
		cmocka_unit_test(test_read_info_removed),
		cmocka_unit_test(test_activate_outcomes),
		cmocka_unit_test(test_activate_refused_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
