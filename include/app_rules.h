/* app_rules.h - the hooks, guards and actions the transition table names
 * (src/kiosk/table.c), by the feature file that defines them. Guards only
 * look; actions change the model and ask for effects. */
#ifndef EIDKIOSK_APP_RULES_H
#define EIDKIOSK_APP_RULES_H

#include "app.h"

#define APP_GUARD(name) bool name(const struct app *a, const struct fsm_event *e)
#define APP_ACTION(name) void name(struct app *a, const struct fsm_event *e)

/* The hooks around the table (model.c: observe; timing.c: the rest). */
bool app_intercept(struct app *a, const struct fsm_event *e);
void app_leave(struct app *a);
void app_enter(struct app *a, enum fsm_state s);
void app_stay(struct app *a, const struct fsm_event *e);
void app_ignored(struct app *a, const struct fsm_event *e);

/* The card in the reader (card.c). */
APP_GUARD(g_card_ready);      /* a supported card is in */
APP_GUARD(g_card_in);         /* any card is in */
APP_GUARD(g_busy);            /* a card request is out */
APP_GUARD(g_res_removed);     /* the result says the card was pulled */
APP_ACTION(act_read);         /* ask for READ_INFO */
APP_ACTION(act_end);          /* READ_INFO: the card state to show */
APP_ACTION(act_unsupported);
APP_ACTION(act_note_result);  /* result of a pulled card: what was done */
APP_ACTION(act_finish);       /* forget everything, card still in */
APP_ACTION(act_reset);        /* forget everything */
APP_ACTION(act_removed);      /* the card was pulled */
APP_ACTION(act_late_result);  /* a result after the card was pulled */
APP_ACTION(act_redraw);

/* Typing a code (entry.c). */
APP_GUARD(g_empty);           /* nothing typed in this entry */
APP_GUARD(g_rule_broken);     /* the new PIN breaks a PIN rule */
APP_GUARD(g_mismatch);        /* the two entries differ */
APP_GUARD(g_same_as_pin1);    /* PIN2 equals the PIN1 typed this time */
APP_GUARD(g_last_timeout);    /* this timeout is one too many in a row */
APP_ACTION(act_digit);
APP_ACTION(act_erase);
APP_ACTION(act_rule);         /* say which rule the PIN breaks */
APP_ACTION(act_first_ok);     /* first entry fine -> type it again */
APP_ACTION(act_mismatch);
APP_ACTION(act_same);         /* PIN2 == PIN1: ask */
APP_ACTION(act_change_pin2);
APP_ACTION(act_entry_timeout);
APP_ACTION(act_give_up);      /* too many timeouts in a row */

/* The journeys that write a PIN (journey.c). */
APP_GUARD(g_puk_bad_len);     /* activation code of a length not allowed */
APP_GUARD(g_pin_ready);       /* the current PIN was typed twice already */
APP_GUARD(g_cur_pin1);        /* the journey is at PIN1 */
APP_GUARD(g_v_activate);      /* READ_INFO: a PIN waits for activation */
APP_GUARD(g_written_more);    /* the PIN was set and PIN2 is still to do */
APP_GUARD(g_written);         /* the PIN was set */
APP_GUARD(g_wrong_puk);       /* wrong activation code, 2+ tries left */
APP_GUARD(g_puk_last);        /* wrong activation code, 1 try left */
APP_GUARD(g_puk_locked);      /* activation code blocked now */
APP_GUARD(g_card_same);       /* change: the card says new == current */
APP_GUARD(g_card_same_pin1);  /* ... for PIN1 */
APP_GUARD(g_kind_change);     /* the journey changes a PIN */
APP_GUARD(g_wrong_pin);       /* change/test: wrong current PIN, tries left */
APP_GUARD(g_pin_blocked_now); /* change/test: the PIN is blocked now */
APP_ACTION(act_plan);         /* READ_INFO: which PINs to set */
APP_ACTION(act_begin);        /* intro -> activation code */
APP_ACTION(act_puk_bad_len);
APP_ACTION(act_next_entry);   /* activation code typed -> new PIN */
APP_ACTION(act_send);         /* REQ_ACTIVATE for the current PIN */
APP_ACTION(act_pin_set);      /* PIN1 set, PIN2 next */
APP_ACTION(act_all_done);
APP_ACTION(act_wrong_puk);
APP_ACTION(act_puk_last);
APP_ACTION(act_locked);
APP_ACTION(act_card_same);    /* change refused as new == current */
APP_ACTION(act_card_error);
APP_ACTION(act_cancel);       /* Esc in an entry: back to the intro */
APP_ACTION(act_wrong_pin);    /* change/test: retype the current PIN */
APP_ACTION(act_pin_blocked);  /* change/test: the PIN is blocked now */

/* The menu and the end screens' choices (menu.c). */
APP_GUARD(g_pick1);
APP_GUARD(g_pick2);
APP_GUARD(g_v_menu);          /* READ_INFO: an activated card, the menu */
APP_GUARD(g_pick_unblock);
APP_GUARD(g_pick_change);
APP_GUARD(g_pick_test);
APP_GUARD(g_pick_finish);
APP_GUARD(g_pick_unblock_now); /* an end's "unblock it now" */
APP_GUARD(g_pick_retry);      /* an end's "try again" */
APP_GUARD(g_from_menu);       /* the journey began at the menu */
APP_ACTION(act_menu);         /* the main menu for the card */
APP_ACTION(act_choose);       /* unblock or change from the menu */
APP_ACTION(act_unblock_now);  /* an end's blocked PIN: unblock it */

/* Test my card (test.c). */
APP_GUARD(g_cert_problem);    /* a certificate failed its check */
APP_GUARD(g_pick_test_cert);  /* "test my card", a certificate failed */
APP_GUARD(g_pick_test_pin);
APP_GUARD(g_pick_back);
APP_GUARD(g_tested);          /* the PIN test got as far as a signature */
APP_GUARD(g_test_wrong_pin);  /* a wrong PIN in a test, tries left */
APP_ACTION(act_test_info);    /* card details and their choices */
APP_ACTION(act_test_pick);    /* a PIN test picked */
APP_ACTION(act_test_send);    /* REQ_TEST_SIGN */
APP_ACTION(act_tested);       /* the test's outcome */

/* Staff (staff.c). */
APP_GUARD(g_no_staff_code);   /* the site set no staff code */
APP_GUARD(g_staff_ok);        /* the staff code is right */
APP_GUARD(g_staff_waiting);   /* a wrong staff code's wait is on */
APP_GUARD(g_staff_closed);    /* the staff key is closed for a while */
APP_GUARD(g_out_of_service);  /* the kiosk is out of service */
APP_GUARD(g_out_back_in);     /* service screen, out of service: 1 */
APP_GUARD(g_reset_moot);      /* a waiting reset after an end screen */
APP_GUARD(g_audit_down);      /* audit file unwritable, policy stop */
APP_GUARD(g_welcome);         /* at rest on the welcome screen */
APP_ACTION(act_staff);  /* the staff key ... */
APP_ACTION(act_staff_refused);
APP_ACTION(act_staff_wait);
APP_ACTION(act_staff_ok);
APP_ACTION(act_staff_wrong);
APP_ACTION(act_staff_leave);
APP_ACTION(act_staff_leave_read);
APP_ACTION(act_staff_leave_unsupported);
APP_ACTION(act_staff_leave_reset);
APP_ACTION(act_staff_ask_out);
APP_ACTION(act_out_of_service);
APP_ACTION(act_back_in_service);
APP_ACTION(act_reset_later);  /* a monitor reset during a write */
APP_ACTION(act_reset_moot);
APP_ACTION(act_audit_down);
APP_ACTION(act_audit_up);

/* The citizen's own switches and the language (access.c). */
APP_GUARD(g_contrast_pick);  /* the high-contrast choice */
APP_ACTION(act_next_lang);
APP_ACTION(act_pick_lang);
APP_ACTION(act_speech);  /* the speech key */
APP_ACTION(act_volume);
APP_ACTION(act_headset);      /* a headset in or out */
APP_ACTION(act_more_time_mode);  /* more time for the whole visit */
APP_ACTION(act_contrast);     /* high contrast on or off */
/* Helpers the feature files share. */
void app_request(struct app *a, const struct card_request *rq);  /* card.c */
void app_note_write(struct app *a);                          /* card.c */
void app_end(struct app *a, enum app_verdict v);             /* card.c */
void app_take_states(struct app *a);                         /* journey.c */
void app_note_tries(struct app *a, enum code_id c, int tries); /* ditto */
enum msg_id app_pin_rule(const struct app *a, int i);        /* entry.c */
enum app_choice app_choice_at(const struct app *a, int arg); /* menu.c */

#endif
