/* fsm_test_util.h - the recorded state machine the fsm tests script (see
 * fsm_test_util.c). */
#ifndef EIDKIOSK_FSM_TEST_UTIL_H
#define EIDKIOSK_FSM_TEST_UTIL_H

#include <stdbool.h>
#include "app.h"
#include "fsm.h"

#define REC_MAX 128

struct rec {
	struct app app;
	struct settings set;
	struct app_effects fx;
	char log[REC_MAX][80];
	int n;
	int card_rc;                   /* what fx_card answers */
	struct card_request rq;        /* the last request */
	size_t rq_puk_len, rq_pin_len, rq_old_len; /* what it carried */
	long long now_ms;              /* the model's clock (fx->now) */
};

/* The staff code of the fixture. */
#define TEST_STAFF_CODE "24681357"

/* Record one effect. */
void rec_add(struct rec *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A fresh machine in ST_WELCOME with default (DVV) settings and the staff
 * code TEST_STAFF_CODE (cmocka group setup/teardown). */
int setup(void **state);
int teardown(void **state);

/* The machine is in state st; a failure names both states ("working,
 * expected done"), not their numbers. */
#define assert_state(r, st) do { \
	enum fsm_state got_ = (r)->app.fsm.state, want_ = (st); \
	if (got_ != want_) \
		fail_msg("state %s, expected %s", fsm_state_name(got_), \
		         fsm_state_name(want_)); \
} while (0)

/* Dispatch and forget the effects so far. */
void ev(struct rec *r, enum fsm_ev e, int arg);

/* The card service's event, as the loop hands it on (app_card_event). */
void card(struct rec *r, const struct card_event *c);

/* Whether an effect was recorded by the last event. */
bool did(const struct rec *r, const char *what);

/* Type digits and press Enter; effects of the Enter stay recorded. */
void type(struct rec *r, const char *digits);

/* The card answers READ_INFO: PIN1/PIN2 activated flags, tries left (-1:
 * the card did not tell that code's status). */
void read_result(struct rec *r, bool pin1, bool pin2, int t1, int t2,
                 int tpuk);

/* How far a write or a PIN test got, as the card confirmed it (the
 * result's flags, card_ops.c): the command went out (and was refused, or
 * its answer lost); the card did it; the states were read again after. */
enum got { GOT_SENT, GOT_WRITTEN, GOT_FRESH };

/* The card answers ACTIVATE. */
void act_result(struct rec *r, enum got got, enum card_err err,
                enum sw_kind kind, int tries);

/* The card answers a CHANGE or a TEST_SIGN (sig_ok for a signature). */
void pin_result(struct rec *r, enum card_req_kind req, enum got got,
                enum card_err err, enum sw_kind kind, int tries, int sig_ok);

#endif
