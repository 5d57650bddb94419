/* test_fsm.c - the kiosk's state machine run as scripts: a list of events
 * in, the states it goes through and the effects it asks for (recorded
 * instead of done: screens, timers, card requests, language, quit) out.
 * Covers the whole activation journey, half-activated cards, PIN rules,
 * wrong activation codes, timeouts, card removal, idle, language, staff
 * and the any-state rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "app.h"
#include "fsm.h"

#include "fsm_test_util.h"

/* Welcome -> a new card read -> the activation introduction. */
static void to_intro(struct rec *r, bool pin1_set)
{
	ev(r, EV_CARD_IN, 0);
	assert_state(r, ST_READING);
	assert_true(did(r, "card read"));
	assert_true(did(r, "timer off"));
	read_result(r, pin1_set, false, 5, 5, 5);
	assert_state(r, ST_INTRO);
	assert_true(did(r, "timer 60"));
}

/* A new card to the activation's PIN1 with the card: code, PIN1 twice. */
static void to_pin1_sent(struct rec *r, const char *puk, const char *pin1)
{
	to_intro(r, false);
	ev(r, EV_ENTER, 0);
	type(r, puk);
	type(r, pin1);
	type(r, pin1);
}

/* The whole activation: code once, PIN1 twice, PIN2 twice, done. */
static void test_full_activation(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	ev(r, EV_ENTER, 0);
	assert_state(r, ST_ENTER_PUK);
	assert_true(did(r, "timer 30 tick"));
	type(r, "12345678");
	assert_state(r, ST_ENTER_PIN1);
	type(r, "2580");
	assert_state(r, ST_AGAIN_PIN1);
	type(r, "2580");
	assert_state(r, ST_WORKING);
	assert_true(did(r, "card activate pin1"));
	assert_int_equal(r->rq_puk_len, 8);
	assert_int_equal(r->rq_pin_len, 4);
	assert_int_equal(r->app.again[0]->len, 0);   /* wiped when sent */
	act_result(r, GOT_FRESH, CE_OK, SW_OK, 5);
	assert_state(r, ST_ENTER_PIN2);
	assert_int_equal(r->app.notice, MSG_PIN1_DONE);
	assert_int_equal(r->app.puk->len, 8);        /* kept for PIN2 */
	type(r, "258036");
	assert_state(r, ST_AGAIN_PIN2);
	type(r, "258036");
	assert_state(r, ST_WORKING);
	assert_true(did(r, "card activate pin2"));
	assert_int_equal(r->rq_puk_len, 8);
	act_result(r, GOT_FRESH, CE_OK, SW_OK, 5);
	assert_state(r, ST_DONE);
	assert_int_equal(r->app.puk->len, 0);        /* last use: wiped */
	assert_int_equal(r->app.pin[0]->len, 0);
	assert_int_equal(r->app.pin[1]->len, 0);
	ev(r, EV_CARD_OUT, 0);
	assert_state(r, ST_WELCOME);
}

/* PIN1 already set: only PIN2, and the steps count 1 of 3 .. 3 of 3. */
static void test_half_activated(void **state)
{
	struct rec *r = *state;
	int steps;

	to_intro(r, true);
	assert_false(r->app.need[0]);
	assert_true(r->app.need[1]);
	ev(r, EV_ENTER, 0);
	type(r, "1234567");   /* 7 digits: allowed too */
	assert_state(r, ST_ENTER_PIN2);
	assert_int_equal(app_step(&r->app, ST_ENTER_PIN2, &steps), 2);
	assert_int_equal(steps, 3);
	type(r, "258036");
	type(r, "258036");
	assert_true(did(r, "card activate pin2"));
	act_result(r, GOT_FRESH, CE_OK, SW_OK, 5);
	assert_state(r, ST_DONE);
}

/* Each PIN rule is its own message; nothing goes to the card. */
static void test_pin_rules(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	ev(r, EV_ENTER, 0);
	type(r, "1234567");
	type(r, "1111");
	assert_state(r, ST_ENTER_PIN1);
	assert_int_equal(r->app.notice, MSG_RULE_ALL_SAME);
	assert_true(did(r, "show enter_pin1"));   /* fresh countdown */
	assert_true(did(r, "timer 30 tick"));
	assert_int_equal(r->app.pin[0]->len, 0);
	type(r, "123");
	assert_int_equal(r->app.notice, MSG_RULE_TOO_SHORT);
	type(r, "123456789");
	assert_int_equal(r->app.notice, MSG_RULE_TOO_LONG);
	type(r, "9876");
	assert_int_equal(r->app.notice, MSG_RULE_RUN);
	type(r, "1985");
	assert_int_equal(r->app.notice, MSG_RULE_DATE);
	type(r, "2580");
	assert_state(r, ST_AGAIN_PIN1);
	assert_int_equal(r->app.notice, MSG_COUNT);
	type(r, "2581");
	assert_state(r, ST_ENTER_PIN1);
	assert_int_equal(r->app.notice, MSG_RULE_MISMATCH);
	assert_int_equal(r->app.pin[0]->len + r->app.again[0]->len, 0);
	ev(r, EV_ENTER, 0);                 /* empty: nothing happens */
	assert_int_equal(r->n, 0);
	assert_state(r, ST_ENTER_PIN1);
}

/* The activation code's length is checked against the site's lengths. */
static void test_puk_length(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	ev(r, EV_ENTER, 0);
	type(r, "123456");
	assert_state(r, ST_ENTER_PUK);
	assert_int_equal(r->app.notice, MSG_RULE_PUK_LENGTH);
	assert_int_equal(r->app.puk->len, 0);
	ev(r, EV_DIGIT, 1);
	ev(r, EV_DIGIT, 2);
	ev(r, EV_ERASE, 0);
	assert_int_equal(r->app.puk->len, 1);
}

/* A card whose certificates say its code has 8 digits: 7 are refused on
 * screen, nothing goes to the card; 8 go on. */
static void test_puk_length_card(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	r->app.info.puk_len = 8;
	ev(r, EV_ENTER, 0);
	type(r, "1234567");
	assert_state(r, ST_ENTER_PUK);
	assert_int_equal(r->app.notice, MSG_RULE_PUK_LENGTH);
	assert_int_equal(r->app.puk->len, 0);
	assert_false(did(r, "card activate pin1"));
	type(r, "12345678");
	assert_state(r, ST_ENTER_PIN1);
}

/* PIN2 equal to PIN1: a warning; 1 changes it (the safer choice first),
 * 2 keeps it. */
static void test_pin2_same(void **state)
{
	struct rec *r = *state;

	to_pin1_sent(r, "12345678", "258036");
	act_result(r, GOT_FRESH, CE_OK, SW_OK, 5);
	type(r, "258036");
	type(r, "258036");
	assert_state(r, ST_PIN2_SAME);
	ev(r, EV_PICK, 1);
	assert_state(r, ST_ENTER_PIN2);
	assert_int_equal(r->app.pin[1]->len, 0);
	type(r, "258036");
	type(r, "258036");
	ev(r, EV_PICK, 2);
	assert_state(r, ST_WORKING);
	assert_true(did(r, "card activate pin2"));
}

/* Wrong activation code: retype only the code, the PIN is resent. */
static void test_wrong_puk(void **state)
{
	struct rec *r = *state;

	to_pin1_sent(r, "12345670", "2580");
	act_result(r, GOT_SENT, CE_OK, SW_WRONG_CODE, 3);
	assert_state(r, ST_ENTER_PUK);
	assert_int_equal(r->app.notice, MSG_WRONG_PUK);
	assert_int_equal(r->app.info.code[CODE_PUK].tries_left, 3);
	assert_int_equal(r->app.puk->len, 0);
	assert_int_equal(r->app.pin[0]->len, 4);
	type(r, "12345678");
	assert_state(r, ST_WORKING);
	assert_true(did(r, "card activate pin1"));
	assert_int_equal(r->rq_pin_len, 4);
	/* one try left now: stop and send to the staff */
	act_result(r, GOT_SENT, CE_OK, SW_WRONG_CODE, 1);
	assert_state(r, ST_CARD_END);
	assert_int_equal(r->app.verdict, V_PUK_LAST);
	assert_int_equal(r->app.pin[0]->len, 0);
}

/* The card's state decides: the menu (active, a PIN blocked), or an end:
 * locked, last try, blocked with the activation code low, unreadable.
 * None of these ends has a choice: taking the card is the next step. */
static void test_card_states(void **state)
{
	struct rec *r = *state;
	static const struct {
		bool p1, p2; int t1, t2, tp; enum app_verdict v; enum fsm_state st;
	} cases[] = {
		{ true, true, 5, 5, 5, V_ACTIVE, ST_MENU },
		{ true, true, 0, 5, 5, V_PIN1_BLOCKED, ST_MENU },
		{ true, true, 5, 0, 5, V_PIN2_BLOCKED, ST_MENU },
		{ true, true, 0, 5, 1, V_BLOCKED_PUK_LOW, ST_CARD_END },
		{ true, true, 0, 0, 0, V_LOCKED, ST_CARD_END },
		{ false, false, 5, 5, 0, V_LOCKED, ST_CARD_END },
		{ false, false, 5, 5, 1, V_PUK_LAST, ST_CARD_END },
		{ true, false, 5, 5, 1, V_PUK_LAST, ST_CARD_END },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ev(r, EV_CARD_IN, 0);
		read_result(r, cases[i].p1, cases[i].p2, cases[i].t1, cases[i].t2,
		            cases[i].tp);
		assert_state(r, cases[i].st);
		assert_int_equal(r->app.verdict, cases[i].v);
		if (cases[i].st == ST_CARD_END)
			assert_int_equal(r->app.nmenu, 0);
		ev(r, EV_CARD_OUT, 0);
		assert_state(r, ST_WELCOME);
	}
	ev(r, EV_CARD_UNSUPPORTED, ADV_UNSUPPORTED);
	assert_int_equal(r->app.verdict, V_UNSUPPORTED);
	assert_int_equal(r->app.nmenu, 0);
	ev(r, EV_CARD_OUT, 0);
	ev(r, EV_CARD_UNSUPPORTED, ADV_CONTACTLESS);
	assert_state(r, ST_CARD_END);
	assert_int_equal(r->app.verdict, V_CONTACTLESS);
	assert_false(did(r, "card read"));
	ev(r, EV_CARD_OUT, 0);
	ev(r, EV_CARD_UNSUPPORTED, ADV_EXPIRED);
	assert_int_equal(r->app.verdict, V_OLD_CARD);
	ev(r, EV_CARD_OUT, 0);
	/* a card that tells nothing of its codes is unreadable */
	ev(r, EV_CARD_IN, 0);
	read_result(r, true, true, -1, -1, -1);
	assert_int_equal(r->app.verdict, V_UNREADABLE);
	ev(r, EV_CARD_OUT, 0);
	r->card_rc = -1;                     /* the service refuses: unreadable */
	ev(r, EV_CARD_IN, 0);
	assert_state(r, ST_CARD_END);
	assert_int_equal(r->app.verdict, V_UNREADABLE);
}

/* Countdown zero wipes the digits; too many in a row ends the visit with
 * the card in: the codes go, how often time ran out and what the visit
 * set on the card stay for the screen, until the card comes out. */
static void test_timeouts(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	ev(r, EV_ENTER, 0);
	ev(r, EV_DIGIT, 1);
	ev(r, EV_TIMEOUT, 0);
	assert_state(r, ST_ENTER_PUK);
	assert_int_equal(r->app.puk->len, 0);
	assert_int_equal(r->app.notice, MSG_TIMEOUT_TEXT);
	assert_true(did(r, "timer 30 tick"));
	ev(r, EV_TIMEOUT, 0);
	type(r, "12345678");                 /* an entry resets the count */
	ev(r, EV_TIMEOUT, 0);
	ev(r, EV_TIMEOUT, 0);
	assert_state(r, ST_ENTER_PIN1);
	ev(r, EV_TIMEOUT, 0);
	assert_state(r, ST_FINISH);
	assert_true(app_gave_up(&r->app));
	assert_int_equal(r->app.timeouts, 3);
	assert_int_equal(r->app.notice, MSG_TIMEOUT_RESTART);
	assert_int_equal(r->app.notice_n, 3);
	assert_false(r->app.done[0] || r->app.done[1]);
	assert_false(r->app.finished_well);
	assert_int_equal(r->app.puk->len, 0);
	assert_true(did(r, "timer off"));
	assert_int_equal(r->app.count.failed[END_TIMEOUT], 1);
	ev(r, EV_CARD_OUT, 0);
	assert_state(r, ST_WELCOME);
	assert_false(app_gave_up(&r->app));
	assert_int_equal(r->app.count.failed[END_TIMEOUT], 1);

	/* PIN1 set, then time runs out at PIN2: the screen can tell. */
	to_pin1_sent(r, "12345678", "2580");
	act_result(r, GOT_FRESH, CE_OK, SW_OK, 5);
	assert_state(r, ST_ENTER_PIN2);
	for (int i = 0; i < 3; i++)
		ev(r, EV_TIMEOUT, 0);
	assert_state(r, ST_FINISH);
	assert_true(app_gave_up(&r->app));
	assert_int_equal(r->app.kind, J_ACTIVATE);
	assert_true(r->app.done[0] && !r->app.done[1]);
	assert_false(app_all_set(&r->app));
	assert_int_equal(r->app.puk->len, 0);
	assert_int_equal(r->app.pin[0]->len, 0);
	ev(r, EV_CARD_OUT, 0);
	assert_false(r->app.done[0]);
	assert_int_equal(r->app.kind, J_NONE);
}

/* Idle time: a key restarts it; running out first asks whether anyone is
 * there (a tone, its own countdown, any key goes on), and only when
 * nobody answers ends the visit. */
static void test_idle(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	ev(r, EV_LANG, 0);
	assert_true(did(r, "timer 60"));
	assert_true(did(r, "lang 1"));
	ev(r, EV_NONE, 0);                    /* a key no screen uses */
	ev(r, EV_TIMEOUT, 0);
	assert_state(r, ST_INTRO);
	assert_true(r->app.asking);
	assert_true(did(r, "alert"));
	assert_true(did(r, "timer 20 tick"));
	assert_int_equal(r->app.count_left, 20);
	ev(r, EV_DIGIT, 3);                   /* the answer, not a choice */
	assert_false(r->app.asking);
	assert_state(r, ST_INTRO);
	assert_true(did(r, "timer 60"));
	ev(r, EV_TIMEOUT, 0);
	assert_true(r->app.asking);
	ev(r, EV_NONE, 0);                    /* any key answers */
	assert_false(r->app.asking);
	ev(r, EV_TIMEOUT, 0);
	assert_true(r->app.asking);
	ev(r, EV_TIMEOUT, 0);                 /* nobody answered */
	assert_false(r->app.asking);
	assert_state(r, ST_FINISH);
	assert_int_equal(r->app.lang, 1);      /* still the citizen's */
	ev(r, EV_CARD_OUT, 0);
	assert_state(r, ST_WELCOME);
	assert_true(did(r, "lang 0"));         /* the next one starts afresh */
	assert_int_equal(r->app.lang, 0);
}

/* A code entry's countdown measures the time since the last key, up to
 * the entry's whole time (timeouts.code_entry_max); the more-time key adds
 * a countdown's worth to that whole, again and again. The last ten
 * seconds begin with a tone and the spoken warning. */
static void test_countdown_restarts(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	ev(r, EV_ENTER, 0);
	assert_state(r, ST_ENTER_PUK);
	assert_true(did(r, "timer 30 tick"));
	r->now_ms += 19000;                   /* the loop's seconds */
	ev(r, EV_TICK, 11);
	assert_int_equal(r->app.count_left, 11);
	assert_false(did(r, "alert"));
	r->now_ms += 1000;                    /* the last 10 s: heard too */
	ev(r, EV_TICK, 10);
	assert_true(did(r, "alert"));
	assert_true(did(r, "warn"));
	ev(r, EV_TICK, 9);
	assert_false(did(r, "alert"));
	assert_false(did(r, "warn"));
	assert_state(r, ST_ENTER_PUK);
	ev(r, EV_DIGIT, 1);
	assert_true(did(r, "timer 30 tick"));  /* a key: 30 s again */
	assert_int_equal(r->app.count_left, 30);
	r->now_ms += 80000;                   /* 20 s of the 120 left */
	ev(r, EV_TICK, 10);
	ev(r, EV_DIGIT, 2);
	assert_int_equal(r->app.count_left, 20);  /* no more than the whole */
	r->now_ms += 19000;                   /* 1 s of the whole left */
	ev(r, EV_TICK, 1);
	ev(r, EV_ERASE, 0);
	assert_int_equal(r->app.count_left, 1);
	assert_false(did(r, "timer 1 tick"));   /* nothing to restart */
	for (int i = 0; i < 5; i++) {          /* more time, many times */
		ev(r, EV_TICK, 1);
		ev(r, EV_MORE_TIME, 0);
		assert_int_equal(r->app.count_left, 30);
		assert_state(r, ST_ENTER_PUK);
		r->now_ms += 29000;
	}
	assert_int_equal(r->app.puk->len, 1);    /* typed digits are kept */
}

/* A citizen's own switches: speech on the welcome screen (bringing more
 * time: every countdown three times longer), the volume round its levels,
 * the speech key elsewhere asking to repeat or stop, high contrast; all
 * back to the site's when the visit ends. A headset turns speech on and,
 * pulled out, off; where the site allows only headsets, the speech key
 * says so instead; without the helper, that speech is not available. */
static void test_access(void **state)
{
	struct rec *r = *state;
	unsigned again;

	assert_false(r->app.speech);
	ev(r, EV_SPEECH, 0);
	assert_true(r->app.speech);
	assert_true(r->app.more_time);
	ev(r, EV_SPEECH, 0);                 /* welcome: off again */
	assert_false(r->app.speech);
	ev(r, EV_SPEECH, 0);
	ev(r, EV_VOLUME, 0);
	assert_int_equal(r->app.volume, 3);
	ev(r, EV_VOLUME, 0);
	ev(r, EV_VOLUME, 0);
	assert_int_equal(r->app.volume, 1);  /* round after the loudest */
	ev(r, EV_PICK, r->set.nlangs + 1);   /* the choice after the languages */
	assert_true(r->app.contrast);
	assert_int_equal(r->app.lang, 0);    /* not a language */
	ev(r, EV_CARD_IN, 0);
	read_result(r, false, false, 5, 5, 5);
	assert_state(r, ST_INTRO);
	assert_true(did(r, "timer 180"));    /* more time: idle 60 s x 3 */
	again = r->app.speech_again;
	ev(r, EV_SPEECH, 0);                 /* elsewhere: repeat or stop */
	assert_true(r->app.speech);
	assert_int_equal(r->app.speech_again, again + 1);
	r->n = 0;
	ev(r, EV_ENTER, 0);
	assert_true(did(r, "timer 90 tick"));
	ev(r, EV_CARD_OUT, 0);
	ev(r, EV_ANY_KEY, 0);
	assert_state(r, ST_WELCOME);
	assert_false(r->app.speech);
	assert_false(r->app.more_time);
	assert_false(r->app.contrast);
	assert_int_equal(r->app.volume, r->set.speech_volume);
	ev(r, EV_MORE_TIME, 0);              /* welcome: more time alone */
	assert_true(r->app.more_time);
	assert_false(r->app.speech);

	ev(r, EV_HEADSET, 1);
	assert_true(r->app.speech && r->app.headset);
	ev(r, EV_HEADSET, 0);
	assert_false(r->app.speech);
	snprintf(r->set.speech_output, sizeof r->set.speech_output, "headset");
	ev(r, EV_SPEECH, 0);
	assert_false(r->app.speech);
	assert_int_equal(r->app.notice, MSG_SPEECH_NEED_HEADSET);
	ev(r, EV_HEADSET, 1);
	ev(r, EV_SPEECH_HELPER, 0);          /* the helper is gone */
	assert_false(r->app.speech || r->app.headset);
	ev(r, EV_SPEECH, 0);
	assert_false(r->app.speech);
	assert_int_equal(r->app.notice, MSG_SPEECH_UNAVAILABLE);
	snprintf(r->set.speech_output, sizeof r->set.speech_output, "speakers");
	ev(r, EV_SPEECH_HELPER, 1);          /* started again: the key works */
	assert_false(r->app.speech);
	ev(r, EV_SPEECH, 0);
	assert_true(r->app.speech);
}

/* Another terminal holds the reader and its card: the welcome screen says
 * so, no card is taken as ours and nothing is asked of it; once the other
 * lets go the card arrives as any card does, or the reader is empty. */
static void test_reader_busy(void **state)
{
	struct rec *r = *state;

	assert_state(r, ST_WELCOME);
	ev(r, EV_READER_BUSY, 0);
	assert_state(r, ST_WELCOME);
	assert_int_equal(r->app.reader, RD_BUSY);
	assert_false(r->app.card_in);
	assert_true(did(r, "redraw"));
	assert_false(did(r, "card read"));
	ev(r, EV_READER_EMPTY, 0);
	assert_int_equal(r->app.reader, RD_OK);
	ev(r, EV_READER_BUSY, 0);
	to_intro(r, false);          /* the other let go: our card at last */
	assert_int_equal(r->app.reader, RD_OK);
	assert_true(r->app.card_in);
}

/* Card out during PIN2: PIN1 was set, codes wiped; any key -> welcome. */
static void test_removed_after_pin1(void **state)
{
	struct rec *r = *state;

	to_pin1_sent(r, "12345678", "2580");
	act_result(r, GOT_FRESH, CE_OK, SW_OK, 5);
	ev(r, EV_DIGIT, 4);
	ev(r, EV_CARD_OUT, 0);
	assert_state(r, ST_REMOVED);
	assert_true(r->app.done[0]);
	assert_false(r->app.done[1]);
	assert_false(r->app.unknown);
	assert_int_equal(r->app.puk->len + r->app.pin[0]->len +
	                 r->app.pin[1]->len, 0);
	ev(r, EV_ANY_KEY, 0);
	assert_state(r, ST_WELCOME);
	assert_false(r->app.done[0]);
}

/* Card out while the card thread holds the codes: wiped when the result
 * comes, which also tells what was saved. */
static void test_removed_while_working(void **state)
{
	struct rec *r = *state;

	to_pin1_sent(r, "12345678", "2580");
	ev(r, EV_CARD_OUT, 0);
	assert_state(r, ST_REMOVED);
	assert_true(r->app.unknown);
	assert_int_equal(r->app.puk->len, 8);   /* still lent out */
	act_result(r, GOT_WRITTEN, CE_REMOVED, SW_OTHER, -1);
	assert_state(r, ST_REMOVED);
	assert_false(r->app.unknown);
	assert_true(r->app.done[0]);
	assert_int_equal(r->app.puk->len + r->app.pin[0]->len, 0);
	ev(r, EV_CARD_IN, 0);                   /* next insertion: read again */
	assert_state(r, ST_READING);
}

/* Language and resize in any state keep the place and the digits. */
static void test_any_state_rows(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	ev(r, EV_ENTER, 0);
	ev(r, EV_DIGIT, 1);
	ev(r, EV_DIGIT, 2);
	ev(r, EV_LANG, 0);
	assert_state(r, ST_ENTER_PUK);
	assert_int_equal(r->app.puk->len, 2);
	assert_false(did(r, "show enter_puk"));
	assert_false(did(r, "timer 30 tick"));  /* the countdown goes on */
	ev(r, EV_RESIZE, 0);
	assert_true(did(r, "redraw"));
	assert_int_equal(r->app.puk->len, 2);
	ev(r, EV_NO_READER, 0);
	assert_int_equal(r->app.reader, RD_NO_READER);
	ev(r, EV_ENTER, 0);
	assert_state(r, ST_ENTER_PUK);   /* 2 digits: too short */
}

/* Staff: code entry, a wrong code and its wait, the service screen, out
 * of service (after a confirmation) and back; never a quit. */
static void test_staff(void **state)
{
	struct rec *r = *state;

	to_intro(r, false);
	ev(r, EV_STAFF, 0);
	assert_state(r, ST_STAFF_CODE);
	ev(r, EV_CARD_OUT, 0);                 /* staff screens ignore the card */
	assert_state(r, ST_STAFF_CODE);
	type(r, "54321");
	assert_int_equal(r->app.notice, MSG_STAFF_WAIT);
	assert_int_equal(r->app.notice_n, 1);
	assert_int_equal(r->app.staff->len, 0);
	ev(r, EV_DIGIT, 2);                    /* during the wait: not taken */
	assert_int_equal(r->app.staff->len, 0);
	r->now_ms += 1000;
	ev(r, EV_BACK, 0);
	assert_state(r, ST_WELCOME);   /* card is out now */
	ev(r, EV_STAFF, 0);
	type(r, TEST_STAFF_CODE);
	assert_state(r, ST_STAFF_MENU);
	assert_int_equal(r->app.staff->len, 0);
	assert_int_equal(r->app.staff_wrong, 0);
	ev(r, EV_PICK, 1);
	assert_state(r, ST_STAFF_CONFIRM);
	ev(r, EV_PICK, 2);                     /* no: back to the service screen */
	assert_state(r, ST_STAFF_MENU);
	ev(r, EV_PICK, 1);
	ev(r, EV_PICK, 1);
	assert_state(r, ST_OUT_OF_ORDER);
	assert_false(did(r, "quit 0"));
	ev(r, EV_CARD_IN, 0);                  /* nobody is served meanwhile */
	ev(r, EV_TIMEOUT, 0);
	assert_state(r, ST_OUT_OF_ORDER);
	ev(r, EV_STAFF, 0);
	type(r, TEST_STAFF_CODE);
	ev(r, EV_BACK, 0);                     /* still out of service */
	assert_state(r, ST_OUT_OF_ORDER);
	ev(r, EV_STAFF, 0);
	type(r, TEST_STAFF_CODE);
	ev(r, EV_PICK, 1);                     /* back in service: reads the card */
	assert_false(r->app.out_of_service);
	assert_state(r, ST_READING);
}

/* Wrong codes: waits of 1, 2 s; the third closes the staff key for the
 * site's 5 minutes, the next closing for 10; the right code waits too. */
static void test_staff_lockout(void **state)
{
	struct rec *r = *state;

	ev(r, EV_STAFF, 0);
	type(r, "11111111");
	r->now_ms += 1000;
	type(r, "22222222");
	assert_int_equal(r->app.notice_n, 2);
	r->now_ms += 1999;
	type(r, TEST_STAFF_CODE);              /* too early: not even taken */
	assert_state(r, ST_STAFF_CODE);
	r->now_ms += 1;
	type(r, "33333333");
	assert_int_equal(r->app.notice, MSG_STAFF_CLOSED);
	assert_int_equal(r->app.notice_n, 5);
	type(r, TEST_STAFF_CODE);              /* closed: the right code too */
	assert_state(r, ST_STAFF_CODE);
	ev(r, EV_BACK, 0);
	ev(r, EV_STAFF, 0);
	assert_state(r, ST_WELCOME);
	assert_int_equal(r->app.notice, MSG_STAFF_CLOSED);
	r->now_ms += 5 * 60000;
	ev(r, EV_STAFF, 0);
	assert_state(r, ST_STAFF_CODE);
	for (int i = 0; i < 3; i++) {
		r->now_ms += 10000;
		type(r, "44444444");
	}
	assert_int_equal(r->app.notice_n, 10);
	r->now_ms += 10 * 60000;
	type(r, TEST_STAFF_CODE);
	assert_state(r, ST_STAFF_MENU);
	assert_int_equal(r->app.staff_lockouts, 0);
}

/* The audit file cannot be written and the site says stop: the welcome
 * screen turns out of order and no card is read; a visit underway ends as
 * usual; when the file is written again the kiosk serves. A kiosk staff
 * took out of service stays so. */
static void test_audit_down(void **state)
{
	struct rec *r = *state;

	ev(r, EV_AUDIT_DOWN, 0);
	assert_state(r, ST_OUT_OF_ORDER);
	ev(r, EV_CARD_IN, 0);
	assert_false(did(r, "card read"));
	ev(r, EV_AUDIT_UP, 0);                /* the waiting card is read */
	assert_true(did(r, "card read"));
	assert_state(r, ST_READING);
	ev(r, EV_CARD_OUT, 0);
	ev(r, EV_ANY_KEY, 0);
	assert_state(r, ST_WELCOME);
	to_intro(r, false);
	ev(r, EV_AUDIT_DOWN, 0);
	assert_state(r, ST_INTRO);     /* the visit goes on */
	ev(r, EV_CARD_OUT, 0);
	assert_state(r, ST_REMOVED);
	ev(r, EV_ANY_KEY, 0);
	assert_state(r, ST_WELCOME);
	ev(r, EV_CARD_IN, 0);
	assert_state(r, ST_OUT_OF_ORDER);
	r->app.out_of_service = true;
	ev(r, EV_AUDIT_UP, 0);
	assert_state(r, ST_OUT_OF_ORDER);
}

/* Without a staff code the staff screen takes no digits; the staff key
 * does nothing while the card thread works. */
static void test_staff_none_and_busy(void **state)
{
	struct rec *r = *state;

	r->set.staff_code_set = false;
	ev(r, EV_STAFF, 0);
	ev(r, EV_DIGIT, 1);
	assert_int_equal(r->app.staff->len, 0);
	ev(r, EV_BACK, 0);
	assert_state(r, ST_WELCOME);
	ev(r, EV_CARD_IN, 0);
	assert_true(r->app.busy);
	ev(r, EV_STAFF, 0);
	assert_state(r, ST_READING);
}

/* A reset from the monitor while a PIN is written waits for the card's
 * answer: the codes stay lent until it comes, the journey ends as the
 * card says, then the kiosk starts over. */
static void test_reset_during_write(void **state)
{
	struct rec *r = *state;

	to_pin1_sent(r, "12345678", "2580");
	assert_state(r, ST_WORKING);
	ev(r, EV_STAFF_RESET, 0);
	assert_state(r, ST_WORKING);
	assert_false(did(r, "card read"));
	assert_int_equal(r->app.puk->len, 8);  /* still lent to the card */
	act_result(r, GOT_FRESH, CE_OK, SW_OK, 5);
	assert_int_equal(r->app.count.failed[END_CANCELLED], 1);
	assert_true(did(r, "card read"));      /* then the reset */
	assert_state(r, ST_READING);
	assert_int_equal(r->app.puk->len, 0);
	/* PIN2 set while a reset waits: the end screen says so, and stays */
	read_result(r, true, false, 5, 5, 5);
	ev(r, EV_ENTER, 0);
	type(r, "12345678");
	type(r, "258036");
	type(r, "258036");
	ev(r, EV_STAFF_RESET, 0);
	act_result(r, GOT_FRESH, CE_OK, SW_OK, 5);
	assert_state(r, ST_DONE);
	assert_false(did(r, "card read"));
	assert_int_equal(r->app.count.done[J_ACTIVATE], 1);
}

/* An event no row takes is logged, without changing anything. */
static void test_unexpected(void **state)
{
	struct rec *r = *state;

	ev(r, EV_ENTER, 0);
	assert_state(r, ST_WELCOME);
	assert_int_equal(r->n, 1);
	assert_string_equal(r->log[0], "log ignored event enter in state welcome");
}

#define LINT_ROWS_MAX 512

/* Rows no event can reach: an earlier row without a guard takes the same
 * event in the same state (or in any state). Each is named in out and
 * marked in dead (when not NULL); returns how many. */
static int dead_rows(const struct fsm_row *t, size_t n, char *out,
                     size_t outsz, bool *dead_row)
{
	int dead = 0;
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (t[j].guard || t[j].ev != t[i].ev ||
			    (t[j].from != t[i].from && t[j].from != ST_ANY))
				continue;
			o += (size_t)snprintf(out + o, outsz - o, "row %zu (%s %s) "
			    "behind row %zu; ", i, fsm_state_name(t[i].from),
			    fsm_event_name(t[i].ev), j);
			if (o >= outsz)
				o = outsz - 1;
			if (dead_row)
				dead_row[i] = true;
			dead++;
			break;
		}
	}
	return dead;
}

/* States no live row leads to from the first one (ST_WELCOME): any-state
 * rows lead from every state reached. Returns how many; names in out. */
static int unreachable_states(const struct fsm_row *t, size_t n, char *out,
                              size_t outsz)
{
	bool seen[ST_COUNT] = { [ST_WELCOME] = true }, more = true;
	bool dead[LINT_ROWS_MAX] = { false };
	int count = 0;
	size_t o = 0;

	assert_true(n <= LINT_ROWS_MAX);
	dead_rows(t, n, out, outsz, dead);
	while (more) {
		more = false;
		for (size_t i = 0; i < n; i++) {
			if (dead[i] || t[i].to == ST_SAME || seen[t[i].to] ||
			    (t[i].from != ST_ANY && !seen[t[i].from]))
				continue;
			seen[t[i].to] = more = true;
		}
	}
	out[0] = '\0';
	for (int s = 0; s < ST_COUNT; s++) {
		if (seen[s])
			continue;
		o += (size_t)snprintf(out + o, outsz - o, "%s ", fsm_state_name(s));
		if (o >= outsz)
			o = outsz - 1;
		count++;
	}
	return count;
}

/* The table: states and events in range, any-state rows last, a timeout
 * row for every countdown, no row that can never fire, no state that
 * cannot be reached. */
static void test_table(void **state)
{
	bool seen_any = false;
	char why[2048];

	for (size_t i = 0; i < fsm_kiosk.nrows; i++) {
		const struct fsm_row *row = &fsm_kiosk.rows[i];
		assert_true(row->from < ST_COUNT || row->from == ST_ANY);
		assert_true(row->to < ST_COUNT || row->to == ST_SAME);
		assert_true(row->ev > EV_NONE && row->ev < EV_COUNT);
		if (row->from == ST_ANY)
			seen_any = true;
		else
			assert_false(seen_any);
	}
	for (int s = 0; s < ST_COUNT; s++) {
		bool own = false;
		if (fsm_timers[s] != TIMER_CODE)
			continue;
		for (size_t i = 0; i < fsm_kiosk.nrows; i++)
			own |= (int)fsm_kiosk.rows[i].from == s &&
			       fsm_kiosk.rows[i].ev == EV_TIMEOUT;
		assert_true(own);
	}
	if (dead_rows(fsm_kiosk.rows, fsm_kiosk.nrows, why, sizeof why, NULL))
		fail_msg("rows that can never fire: %s", why);
	if (unreachable_states(fsm_kiosk.rows, fsm_kiosk.nrows, why, sizeof why))
		fail_msg("states nothing leads to: %s", why);
}

/* The table checks find what they look for: a row behind an unguarded
 * one (in its own state, or behind an any-state row) and a state only a
 * dead row led to. */
static void test_table_lint(void **state)
{
	static const struct fsm_row fixture[] = {
		{ ST_WELCOME, EV_CARD_IN, NULL, "", NULL, "", ST_READING },
		{ ST_READING, EV_RESULT, NULL, "", NULL, "", ST_MENU },
		{ ST_READING, EV_RESULT, NULL, "", NULL, "", ST_INTRO },
		{ ST_ANY, EV_CARD_OUT, NULL, "", NULL, "", ST_WELCOME },
		{ ST_ANY, EV_CARD_OUT, NULL, "", NULL, "", ST_REMOVED },
	};
	const size_t n = sizeof fixture / sizeof fixture[0];
	char why[1024];

	(void)state;
	assert_int_equal(dead_rows(fixture, n, why, sizeof why, NULL), 2);
	assert_non_null(strstr(why, "row 2 (reading result) behind row 1"));
	assert_non_null(strstr(why, "row 4 (any card_out) behind row 3"));
	assert_int_equal(dead_rows(fixture, 2, why, sizeof why, NULL), 0);
	assert_true(unreachable_states(fixture, n, why, sizeof why) > 0);
	assert_non_null(strstr(why, "staff_menu "));
	assert_non_null(strstr(why, "intro "));     /* only a dead row led */
	assert_non_null(strstr(why, "removed "));
	assert_null(strstr(why, "reading"));         /* a live row led there */
}

/* --dump-fsm is Graphviz with the table's edges. */
static void test_dump(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fsm_dump(&fsm_kiosk, f);
	fclose(f);
	assert_non_null(strstr(buf, "digraph eidkiosk {"));
	assert_non_null(strstr(buf, "welcome -> reading [label=\"card_in / "
	                            "act_read\"]"));
	assert_non_null(strstr(buf, "any -> removed"));
	free(buf);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_full_activation), T(test_half_activated), T(test_pin_rules),
		T(test_puk_length), T(test_puk_length_card), T(test_pin2_same),
		T(test_wrong_puk),
		T(test_card_states), T(test_timeouts), T(test_idle),
		T(test_reader_busy), T(test_countdown_restarts), T(test_access),
		T(test_removed_after_pin1), T(test_removed_while_working),
		T(test_any_state_rows), T(test_staff), T(test_staff_lockout),
		T(test_staff_none_and_busy), T(test_reset_during_write),
		T(test_audit_down),
		T(test_unexpected), T(test_table), T(test_table_lint), T(test_dump),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
