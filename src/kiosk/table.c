/* table.c - every transition of the kiosk, as data. The first row whose
 * state, event and guard match is taken; rows for "any state" come last so
 * that a state can override them (staff screens ignore the card, entries
 * handle their own timeouts). `eidkiosk --dump-fsm` draws this table. */
#include "build-config.h"
#include "app_rules.h"
#include "fsm.h"

#define ROW(from, ev, guard, action, to) \
	{ from, ev, guard, #guard, action, #action, to }
#define N NULL

const enum fsm_timer fsm_timers[ST_COUNT] = {
	[ST_WELCOME]    = TIMER_NONE,
	[ST_READING]    = TIMER_NONE,
	[ST_MENU]       = TIMER_IDLE,
	[ST_INTRO]      = TIMER_IDLE,
	[ST_ENTER_PUK]  = TIMER_CODE,
	[ST_ENTER_OLD]  = TIMER_CODE,
	[ST_ENTER_PIN1] = TIMER_CODE,
	[ST_AGAIN_PIN1] = TIMER_CODE,
	[ST_ENTER_PIN2] = TIMER_CODE,
	[ST_AGAIN_PIN2] = TIMER_CODE,
	[ST_PIN2_SAME]  = TIMER_IDLE,
	[ST_WORKING]    = TIMER_NONE,
	[ST_DONE]       = TIMER_IDLE,
	[ST_TEST_INFO]  = TIMER_IDLE,
	[ST_TEST_CERT]  = TIMER_IDLE,
	[ST_TEST_ENTER] = TIMER_CODE,
	[ST_TEST_RESULT] = TIMER_IDLE,
	[ST_CARD_END]   = TIMER_IDLE,
	[ST_REMOVED]    = TIMER_IDLE,
	[ST_FINISH]     = TIMER_NONE,
	[ST_STAFF_CODE] = TIMER_CODE,
	[ST_STAFF_MENU] = TIMER_IDLE,
	[ST_STAFF_CONFIRM] = TIMER_IDLE,
	[ST_OUT_OF_ORDER] = TIMER_NONE,
};

/* The rows of one code entry state: typing and its own timeout. */
#define TYPING_ROWS(st) \
	ROW(st, EV_DIGIT, N, act_digit, ST_SAME), \
	ROW(st, EV_ERASE, N, act_erase, ST_SAME), \
	ROW(st, EV_ENTER, g_empty, N, ST_SAME), \
	ROW(st, EV_TIMEOUT, g_last_timeout, act_give_up, ST_FINISH), \
	ROW(st, EV_TIMEOUT, N, act_entry_timeout, st)

/* ... and of a journey's entry, whose Esc goes back to its introduction. */
#define ENTRY_ROWS(st) \
	TYPING_ROWS(st), \
	ROW(st, EV_BACK, N, act_cancel, ST_INTRO)

/* Back to the kiosk: it starts over with the card it has. */
#define RESTART_ROWS(st, ev) \
	ROW(st, ev, g_card_ready, act_read, ST_READING), \
	ROW(st, ev, g_card_in, act_unsupported, ST_CARD_END), \
	ROW(st, ev, N, act_reset, ST_WELCOME)

/* Leaving the staff screens: out of order again when the kiosk is out of
 * service, else back to the kiosk. */
#define STAFF_LEAVE_ROWS(st, ev) \
	ROW(st, ev, g_out_of_service, act_staff_leave, ST_OUT_OF_ORDER), \
	ROW(st, ev, g_card_ready, act_staff_leave_read, ST_READING), \
	ROW(st, ev, g_card_in, act_staff_leave_unsupported, ST_CARD_END), \
	ROW(st, ev, N, act_staff_leave_reset, ST_WELCOME)

/* The staff screens and the out-of-order screen keep their place whatever
 * the card does. */
#define STAFF_CARD_ROWS(st) \
	ROW(st, EV_CARD_IN, N, N, ST_SAME), \
	ROW(st, EV_CARD_UNSUPPORTED, N, N, ST_SAME), \
	ROW(st, EV_CARD_OUT, N, N, ST_SAME), \
	ROW(st, EV_RESULT, N, N, ST_SAME)

static const struct fsm_row kiosk_rows[] = {
	/* Welcome: a card starts everything (not while the audit file cannot
	 * be written and the site said stop). */
	ROW(ST_WELCOME, EV_CARD_IN, g_audit_down, N, ST_OUT_OF_ORDER),
	ROW(ST_WELCOME, EV_CARD_UNSUPPORTED, g_audit_down, N, ST_OUT_OF_ORDER),
	ROW(ST_WELCOME, EV_CARD_IN, N, act_read, ST_READING),
	ROW(ST_WELCOME, EV_CARD_UNSUPPORTED, N, act_unsupported, ST_CARD_END),
	ROW(ST_WELCOME, EV_PICK, g_contrast_pick, act_contrast, ST_SAME),
	ROW(ST_WELCOME, EV_PICK, N, act_pick_lang, ST_SAME),
	ROW(ST_WELCOME, EV_MORE_TIME, N, act_more_time_mode, ST_SAME),
	ROW(ST_WELCOME, EV_CARD_OUT, N, act_reset, ST_SAME),

	/* Reading the card: the card's state chooses the journey. */
	ROW(ST_READING, EV_RESULT, g_res_removed, N, ST_SAME),
	ROW(ST_READING, EV_RESULT, g_v_activate, act_plan, ST_INTRO),
	ROW(ST_READING, EV_RESULT, g_v_menu, act_menu, ST_MENU),
	ROW(ST_READING, EV_RESULT, N, act_end, ST_CARD_END),

	/* The menu of an activated card. */
	ROW(ST_MENU, EV_PICK, g_pick_unblock, act_choose, ST_INTRO),
	ROW(ST_MENU, EV_PICK, g_pick_change, act_choose, ST_INTRO),
	ROW(ST_MENU, EV_PICK, g_pick_test_cert, act_test_info, ST_TEST_CERT),
	ROW(ST_MENU, EV_PICK, g_pick_test, act_test_info, ST_TEST_INFO),
	ROW(ST_MENU, EV_PICK, g_pick_finish, act_finish, ST_FINISH),
	ROW(ST_MENU, EV_BACK, N, act_finish, ST_FINISH),

	/* A journey's introduction. */
	ROW(ST_INTRO, EV_ENTER, g_kind_change, act_begin, ST_ENTER_OLD),
	ROW(ST_INTRO, EV_ENTER, N, act_begin, ST_ENTER_PUK),
	ROW(ST_INTRO, EV_BACK, g_from_menu, act_menu, ST_MENU),
	ROW(ST_INTRO, EV_BACK, N, act_finish, ST_FINISH),

	/* The activation code (activate, unblock) or the current PIN
	 * (change); a new PIN typed before a wrong one is sent at once. */
	ENTRY_ROWS(ST_ENTER_PUK),
	ROW(ST_ENTER_PUK, EV_ENTER, g_puk_bad_len, act_puk_bad_len, ST_ENTER_PUK),
	ROW(ST_ENTER_PUK, EV_ENTER, g_pin_ready, act_send, ST_WORKING),
	ROW(ST_ENTER_PUK, EV_ENTER, g_cur_pin1, act_next_entry, ST_ENTER_PIN1),
	ROW(ST_ENTER_PUK, EV_ENTER, N, act_next_entry, ST_ENTER_PIN2),

	ENTRY_ROWS(ST_ENTER_OLD),
	ROW(ST_ENTER_OLD, EV_ENTER, g_pin_ready, act_send, ST_WORKING),
	ROW(ST_ENTER_OLD, EV_ENTER, g_cur_pin1, act_next_entry, ST_ENTER_PIN1),
	ROW(ST_ENTER_OLD, EV_ENTER, N, act_next_entry, ST_ENTER_PIN2),

	ENTRY_ROWS(ST_ENTER_PIN1),
	ROW(ST_ENTER_PIN1, EV_ENTER, g_rule_broken, act_rule, ST_ENTER_PIN1),
	ROW(ST_ENTER_PIN1, EV_ENTER, N, act_first_ok, ST_AGAIN_PIN1),

	ENTRY_ROWS(ST_AGAIN_PIN1),
	ROW(ST_AGAIN_PIN1, EV_ENTER, g_mismatch, act_mismatch, ST_ENTER_PIN1),
	ROW(ST_AGAIN_PIN1, EV_ENTER, N, act_send, ST_WORKING),

	ENTRY_ROWS(ST_ENTER_PIN2),
	ROW(ST_ENTER_PIN2, EV_ENTER, g_rule_broken, act_rule, ST_ENTER_PIN2),
	ROW(ST_ENTER_PIN2, EV_ENTER, N, act_first_ok, ST_AGAIN_PIN2),

	ENTRY_ROWS(ST_AGAIN_PIN2),
	ROW(ST_AGAIN_PIN2, EV_ENTER, g_mismatch, act_mismatch, ST_ENTER_PIN2),
	ROW(ST_AGAIN_PIN2, EV_ENTER, g_same_as_pin1, act_same, ST_PIN2_SAME),
	ROW(ST_AGAIN_PIN2, EV_ENTER, N, act_send, ST_WORKING),

	/* The safe choice first: another PIN2 (1), or the same anyway (2). */
	ROW(ST_PIN2_SAME, EV_PICK, g_pick1, act_change_pin2, ST_ENTER_PIN2),
	ROW(ST_PIN2_SAME, EV_PICK, g_pick2, act_send, ST_WORKING),
	ROW(ST_PIN2_SAME, EV_BACK, N, act_change_pin2, ST_ENTER_PIN2),

	/* The card's answer to a new PIN or a PIN test. */
	ROW(ST_WORKING, EV_RESULT, g_res_removed, act_note_result, ST_SAME),
	ROW(ST_WORKING, EV_RESULT, g_tested, act_tested, ST_TEST_RESULT),
	ROW(ST_WORKING, EV_RESULT, g_test_wrong_pin, act_wrong_pin, ST_TEST_ENTER),
	ROW(ST_WORKING, EV_RESULT, g_wrong_pin, act_wrong_pin, ST_ENTER_OLD),
	ROW(ST_WORKING, EV_RESULT, g_pin_blocked_now, act_pin_blocked, ST_CARD_END),
	ROW(ST_WORKING, EV_RESULT, g_written_more, act_pin_set, ST_ENTER_PIN2),
	ROW(ST_WORKING, EV_RESULT, g_written, act_all_done, ST_DONE),
	ROW(ST_WORKING, EV_RESULT, g_wrong_puk, act_wrong_puk, ST_ENTER_PUK),
	ROW(ST_WORKING, EV_RESULT, g_puk_last, act_puk_last, ST_CARD_END),
	ROW(ST_WORKING, EV_RESULT, g_puk_locked, act_locked, ST_CARD_END),
	ROW(ST_WORKING, EV_RESULT, g_card_same_pin1, act_card_same, ST_ENTER_PIN1),
	ROW(ST_WORKING, EV_RESULT, g_card_same, act_card_same, ST_ENTER_PIN2),
	ROW(ST_WORKING, EV_RESULT, N, act_card_error, ST_CARD_END),

	/* Test my card: details, a certificate problem, PIN tests. */
	ROW(ST_TEST_INFO, EV_PICK, g_pick_test_pin, act_test_pick, ST_TEST_ENTER),
	ROW(ST_TEST_INFO, EV_PICK, g_pick_back, act_menu, ST_MENU),
	ROW(ST_TEST_INFO, EV_BACK, N, act_menu, ST_MENU),
	ROW(ST_TEST_CERT, EV_ENTER, N, N, ST_TEST_INFO),
	ROW(ST_TEST_CERT, EV_BACK, N, N, ST_TEST_INFO),
	ROW(ST_TEST_ENTER, EV_BACK, N, act_test_info, ST_TEST_INFO),
	TYPING_ROWS(ST_TEST_ENTER),
	ROW(ST_TEST_ENTER, EV_ENTER, N, act_test_send, ST_WORKING),
	ROW(ST_TEST_RESULT, EV_ENTER, N, act_test_info, ST_TEST_INFO),
	ROW(ST_TEST_RESULT, EV_BACK, N, act_test_info, ST_TEST_INFO),

	/* Nothing is underway on these: a pulled card just starts over. */
	ROW(ST_MENU, EV_CARD_OUT, N, act_reset, ST_WELCOME),
	ROW(ST_TEST_INFO, EV_CARD_OUT, N, act_reset, ST_WELCOME),
	ROW(ST_TEST_CERT, EV_CARD_OUT, N, act_reset, ST_WELCOME),
	ROW(ST_TEST_RESULT, EV_CARD_OUT, N, act_reset, ST_WELCOME),

	/* Ends: the card comes out, the kiosk starts over. */
	ROW(ST_DONE, EV_CARD_OUT, N, act_reset, ST_WELCOME),
	ROW(ST_CARD_END, EV_CARD_OUT, N, act_reset, ST_WELCOME),
	ROW(ST_CARD_END, EV_PICK, g_pick_unblock_now, act_unblock_now, ST_INTRO),
	ROW(ST_CARD_END, EV_PICK, g_pick_test, act_test_info, ST_TEST_INFO),
	ROW(ST_CARD_END, EV_PICK, g_pick_retry, act_read, ST_READING),
	ROW(ST_CARD_END, EV_PICK, g_pick_finish, act_finish, ST_FINISH),
	ROW(ST_FINISH, EV_CARD_OUT, N, act_reset, ST_WELCOME),
	ROW(ST_REMOVED, EV_ANY_KEY, N, act_reset, ST_WELCOME),
	ROW(ST_REMOVED, EV_CARD_IN, N, act_read, ST_READING),
	ROW(ST_REMOVED, EV_CARD_UNSUPPORTED, N, act_unsupported, ST_CARD_END),
	ROW(ST_REMOVED, EV_RESULT, N, act_late_result, ST_SAME),
	ROW(ST_REMOVED, EV_CARD_OUT, N, N, ST_SAME),

	/* Staff: the code (a wrong one costs a growing wait; too many close
	 * the staff key), the service screen, out of service and back. */
	ROW(ST_STAFF_CODE, EV_DIGIT, g_no_staff_code, N, ST_SAME),
	ROW(ST_STAFF_CODE, EV_DIGIT, g_staff_closed, N, ST_SAME),
	ROW(ST_STAFF_CODE, EV_DIGIT, g_staff_waiting, act_staff_wait, ST_SAME),
	ROW(ST_STAFF_CODE, EV_DIGIT, N, act_digit, ST_SAME),
	ROW(ST_STAFF_CODE, EV_ERASE, N, act_erase, ST_SAME),
	ROW(ST_STAFF_CODE, EV_ENTER, g_no_staff_code, N, ST_SAME),
	ROW(ST_STAFF_CODE, EV_ENTER, g_staff_closed, N, ST_SAME),
	ROW(ST_STAFF_CODE, EV_ENTER, g_staff_waiting, act_staff_wait, ST_SAME),
	ROW(ST_STAFF_CODE, EV_ENTER, g_empty, N, ST_SAME),
	ROW(ST_STAFF_CODE, EV_ENTER, g_staff_ok, act_staff_ok, ST_STAFF_MENU),
	ROW(ST_STAFF_CODE, EV_ENTER, N, act_staff_wrong, ST_STAFF_CODE),
	STAFF_LEAVE_ROWS(ST_STAFF_CODE, EV_BACK),
	STAFF_LEAVE_ROWS(ST_STAFF_CODE, EV_TIMEOUT),
	STAFF_CARD_ROWS(ST_STAFF_CODE),
	ROW(ST_STAFF_CODE, EV_STAFF, N, N, ST_SAME),
	ROW(ST_STAFF_MENU, EV_PICK, g_out_back_in, act_back_in_service, ST_SAME),
	ROW(ST_STAFF_MENU, EV_PICK, g_pick1, act_staff_ask_out, ST_STAFF_CONFIRM),
	STAFF_LEAVE_ROWS(ST_STAFF_MENU, EV_BACK),
	STAFF_LEAVE_ROWS(ST_STAFF_MENU, EV_TIMEOUT),
	STAFF_CARD_ROWS(ST_STAFF_MENU),
	ROW(ST_STAFF_MENU, EV_STAFF, N, N, ST_SAME),
	ROW(ST_STAFF_CONFIRM, EV_PICK, g_pick1, act_out_of_service,
	    ST_OUT_OF_ORDER),
	ROW(ST_STAFF_CONFIRM, EV_PICK, N, N, ST_STAFF_MENU),
	ROW(ST_STAFF_CONFIRM, EV_BACK, N, N, ST_STAFF_MENU),
	STAFF_LEAVE_ROWS(ST_STAFF_CONFIRM, EV_TIMEOUT),
	STAFF_CARD_ROWS(ST_STAFF_CONFIRM),
	ROW(ST_STAFF_CONFIRM, EV_STAFF, N, N, ST_SAME),
	/* Out of order: only staff (the key and the code, or a reset from
	 * the monitor) put the kiosk back. */
	ROW(ST_OUT_OF_ORDER, EV_AUDIT_UP, g_out_of_service, act_audit_up, ST_SAME),
	ROW(ST_OUT_OF_ORDER, EV_AUDIT_UP, N, act_audit_up, ST_WELCOME),
	ROW(ST_OUT_OF_ORDER, EV_STAFF, g_staff_closed, act_staff_refused, ST_SAME),
	ROW(ST_OUT_OF_ORDER, EV_STAFF, N, act_staff, ST_STAFF_CODE),
	STAFF_CARD_ROWS(ST_OUT_OF_ORDER),
	ROW(ST_OUT_OF_ORDER, EV_TIMEOUT, N, N, ST_SAME),

	/* Any state. A staff reset from the monitor starts over with the card
	 * that is in; while a write is with the card it waits for the answer
	 * (the card's result tells the story, then the reset is done). */
	ROW(ST_ANY, EV_AUDIT_DOWN, g_welcome, act_audit_down, ST_OUT_OF_ORDER),
	ROW(ST_ANY, EV_AUDIT_DOWN, N, act_audit_down, ST_SAME),
	ROW(ST_ANY, EV_AUDIT_UP, N, act_audit_up, ST_SAME),
	ROW(ST_ANY, EV_STAFF_RESET, g_busy, act_reset_later, ST_SAME),
	ROW(ST_ANY, EV_STAFF_RESET, g_reset_moot, act_reset_moot, ST_SAME),
	ROW(ST_ANY, EV_STAFF_RESET, g_out_of_service, act_back_in_service, ST_SAME),
	RESTART_ROWS(ST_ANY, EV_STAFF_RESET),
	ROW(ST_ANY, EV_CARD_OUT, N, act_removed, ST_REMOVED),
	ROW(ST_ANY, EV_TIMEOUT, g_card_in, act_finish, ST_FINISH),
	ROW(ST_ANY, EV_TIMEOUT, N, act_reset, ST_WELCOME),
	ROW(ST_ANY, EV_LANG, N, act_next_lang, ST_SAME),
	ROW(ST_ANY, EV_MORE_TIME, N, N, ST_SAME),   /* app_stay adds the time */
	ROW(ST_ANY, EV_SPEECH, N, act_speech, ST_SAME),
	ROW(ST_ANY, EV_VOLUME, N, act_volume, ST_SAME),
	ROW(ST_ANY, EV_HEADSET, N, act_headset, ST_SAME),
	ROW(ST_ANY, EV_SPEECH_HELPER, N, act_redraw, ST_SAME),
	ROW(ST_ANY, EV_RESIZE, N, act_redraw, ST_SAME),
	ROW(ST_ANY, EV_STAFF, g_busy, N, ST_SAME),
	ROW(ST_ANY, EV_STAFF, g_staff_closed, act_staff_refused, ST_SAME),
	ROW(ST_ANY, EV_STAFF, N, act_staff, ST_STAFF_CODE),
	ROW(ST_ANY, EV_READER_EMPTY, N, act_redraw, ST_SAME),
	ROW(ST_ANY, EV_NO_READER, N, act_redraw, ST_SAME),
	ROW(ST_ANY, EV_SERVICE_DOWN, N, act_redraw, ST_SAME),
	ROW(ST_ANY, EV_READER_BUSY, N, act_redraw, ST_SAME),
};

/* The app's policy around the rows (fsm.h). */
static const struct fsm_hooks kiosk_hooks = {
	.observe = app_observe,
	.intercept = app_intercept,
	.leave = app_leave,
	.enter = app_enter,
	.stay = app_stay,
	.ignored = app_ignored,
};

const struct fsm_def fsm_kiosk = {
	kiosk_rows, sizeof kiosk_rows / sizeof kiosk_rows[0], &kiosk_hooks
};
