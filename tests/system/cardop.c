/* cardop.c - a test driver over the card service API (include/card.h) for
 * the system tests: one request or a watch of events, one line of result.
 *
 *   cardop [--reader X] [--cards F] [--ca F] [--timeout S] COMMAND
 *     info [--json]               = eidkiosk --card-info
 *     activate pin1|pin2          stdin: activation code, new PIN
 *     change pin1|pin2            stdin: old PIN, new PIN
 *     test-sign pin1|pin2         stdin: PIN
 *     watch N                     print the first N events, one a line
 *     wait present|absent|down    until the service reports that state
 *     raw HEX...                  send each command's bytes as they are
 *                                 (no T=0 handling) in one connection,
 *                                 over the protocol the card negotiates;
 *                                 print each answer in hex, one a line
 *
 * Codes are read one a line from stdin straight into struct secret.
 * Results: ok, wrong-code tries=N, blocked, wrong-length, removed step=K,
 * timeout step=K, no-service, ...; exit 0 only on ok. */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winscard.h>

#include "card.h"
#include "cardinfo_cmd.h"
#include "hex.h"
#include "mono.h"
#include "secret.h"

/* The longest command or answer raw sends or takes. */
#define APDU_RAW_MAX 300

struct cardop_opts {
	struct card_config cfg;
	int timeout_s;
	char cards_default[512];
};

/* An event as the one-word line of `watch`. */
static void cardop_print_event(const struct card_event *ev)
{
	switch (ev->kind) {
	case CEV_SERVICE_DOWN: puts("SERVICE_DOWN"); break;
	case CEV_NO_READER:    puts("NO_READER"); break;
	case CEV_READER_EMPTY: puts("READER_EMPTY"); break;
	case CEV_CARD_INSERTED:
		printf("INSERTED %s\n", ev->profile[0] ? ev->profile : "unsupported");
		break;
	case CEV_CARD_REMOVED: puts("REMOVED"); break;
	case CEV_READER_BUSY:  puts("READER_BUSY"); break;
	case CEV_RESULT:       puts("RESULT"); break;
	}
	fflush(stdout);
}

/* The result of a request as one line; returns the exit code. */
static int cardop_print_result(const struct card_event *ev)
{
	const struct card_result *r = &ev->res;

	switch (r->err) {
	case CE_OK: break;
	case CE_REMOVED:    printf("removed step=%d\n", ev->step); return 1;
	case CE_NO_SERVICE: printf("no-service step=%d\n", ev->step); return 1;
	case CE_TIMEOUT:    printf("timeout step=%d\n", ev->step); return 1;
	case CE_MALFORMED:  printf("malformed step=%d\n", ev->step); return 1;
	case CE_COMM:       printf("comm-error step=%d\n", ev->step); return 1;
	}
	switch (r->kind) {
	case SW_OK:
		if (ev->req != REQ_TEST_SIGN || ev->sig_ok == 1) {
			puts("ok");
			return 0;
		}
		puts(ev->sig_ok == 0 ? "bad-signature" : "no-signature-check");
		return 1;
	case SW_WRONG_CODE:   printf("wrong-code tries=%d\n", r->tries_left); break;
	case SW_BLOCKED:      puts("blocked"); break;
	case SW_WRONG_LENGTH: puts("wrong-length"); break;
	case SW_NOT_USABLE:   puts("not-usable"); break;
	case SW_SECURITY:     puts("security-status"); break;
	case SW_CONDITIONS:   puts("conditions"); break;
	default:
		printf("sw=%04X step=%d\n", r->sw, ev->step);
		break;
	}
	return 1;
}

/* One line of stdin into a fresh secret (digits as typed); NULL at EOF. */
static struct secret *cardop_read_code(void)
{
	struct secret *s = secret_new();
	int c, got = 0;

	if (!s)
		return NULL;
	while ((c = getchar()) != EOF && c != '\n') {
		got = 1;
		if (s->len < SECRET_MAX)
			secret_push(s, (char)c);
	}
	if (!got && c == EOF) {
		secret_free(s);
		return NULL;
	}
	return s;
}

/* Wait for a supported card, within the deadline; 0 ok, else exit code. */
static int cardop_wait_card(struct card_service *cs, long long deadline)
{
	struct card_event ev;
	int rc;

	while ((rc = card_wait_event(cs, &ev, deadline)) == 1) {
		if (ev.kind == CEV_CARD_INSERTED && ev.profile[0])
			return 0;
		if (ev.kind == CEV_CARD_INSERTED) {
			puts("unsupported");
			return 1;
		}
		if (ev.kind == CEV_SERVICE_DOWN) {
			puts("no-service");
			return 1;
		}
	}
	puts(rc == 0 ? "no-card" : "event-error");
	return 1;
}

/* Run one request and print its result. */
static int cardop_request(const struct cardop_opts *o,
                          const struct card_request *rq)
{
	long long deadline = mono_ms() + o->timeout_s * 1000LL;
	struct card_event ev;
	struct card_service *cs;
	char *cause = NULL;
	int rc;

	cs = card_start_pcsc(&o->cfg, &cause);
	if (!cs) {
		fprintf(stderr, "cardop: %s\n", cause ? cause : "no card service");
		free(cause);
		return 2;
	}
	rc = cardop_wait_card(cs, deadline);
	if (rc == 0 && card_request(cs, rq) < 0) {
		puts("busy");
		rc = 1;
	} else if (rc == 0) {
		while ((rc = card_wait_event(cs, &ev, deadline)) == 1 &&
		       ev.kind != CEV_RESULT)
			;
		rc = rc == 1 ? cardop_print_result(&ev) : (puts("no-result"), 1);
	}
	card_stop(cs);
	return rc;
}

/* pin1 / pin2 as a code id; -1 otherwise. */
static int cardop_code(const char *s)
{
	return !s ? -1 : strcmp(s, "pin1") == 0 ? CODE_PIN1
	       : strcmp(s, "pin2") == 0 ? CODE_PIN2 : -1;
}

/* activate / change / test-sign: codes from stdin, then the request. */
static int cardop_op(const struct cardop_opts *o, const char *op,
                     const char *which)
{
	struct card_request rq = { .code = CODE_PIN1 };
	struct secret *a, *b = NULL;
	int code = cardop_code(which), rc;

	if (code < 0) {
		fprintf(stderr, "cardop: %s needs pin1 or pin2\n", op);
		return 2;
	}
	rq.code = (enum code_id)code;
	rq.kind = strcmp(op, "activate") == 0 ? REQ_ACTIVATE
	          : strcmp(op, "change") == 0 ? REQ_CHANGE : REQ_TEST_SIGN;
	a = cardop_read_code();
	if (rq.kind != REQ_TEST_SIGN)
		b = cardop_read_code();
	if (!a || (rq.kind != REQ_TEST_SIGN && !b)) {
		fprintf(stderr, "cardop: %s: codes expected on stdin\n", op);
		secret_free(a);
		secret_free(b);
		return 2;
	}
	rq.puk = rq.kind == REQ_ACTIVATE ? a : NULL;
	rq.old_pin = rq.kind == REQ_ACTIVATE ? NULL : a;
	rq.new_pin = b;
	rc = cardop_request(o, &rq);
	secret_free(a);
	secret_free(b);
	return rc;
}

/* Whether ev is the state `wait` was asked for. */
static bool cardop_is_state(const struct card_event *ev, const char *want)
{
	if (strcmp(want, "present") == 0)
		return ev->kind == CEV_CARD_INSERTED;
	if (strcmp(want, "absent") == 0)
		return ev->kind == CEV_READER_EMPTY || ev->kind == CEV_NO_READER;
	return strcmp(want, "down") == 0 && ev->kind == CEV_SERVICE_DOWN;
}

/* watch N (print events) or wait STATE (until that state). */
static int cardop_events(const struct cardop_opts *o, const char *how,
                         const char *arg)
{
	long long deadline = mono_ms() + o->timeout_s * 1000LL;
	bool watch = strcmp(how, "watch") == 0;
	int n = watch ? atoi(arg) : 0, rc = 1;
	struct card_event ev;
	struct card_service *cs;
	char *cause = NULL;

	struct card_config cfg = o->cfg;

	/* waiting for a card must not take it from the kiosk under test */
	cfg.observe_only = true;
	cs = card_start_pcsc(&cfg, &cause);
	if (!cs) {
		fprintf(stderr, "cardop: %s\n", cause ? cause : "no card service");
		free(cause);
		return 2;
	}
	while (card_wait_event(cs, &ev, deadline) == 1) {
		if (watch)
			cardop_print_event(&ev);
		if (watch ? --n <= 0 : cardop_is_state(&ev, arg)) {
			rc = 0;
			break;
		}
	}
	if (rc != 0)
		fprintf(stderr, "cardop: %s %s: timed out\n", how, arg);
	card_stop(cs);
	return rc;
}

/* Send each command (hex) as it is on h; print each answer in hex. */
static LONG cardop_send_all(SCARDHANDLE h, DWORD proto, char **hex, int n)
{
	uint8_t cmd[APDU_RAW_MAX], resp[APDU_RAW_MAX];
	DWORD rlen;
	LONG rv = SCARD_S_SUCCESS;

	for (int i = 0; i < n && rv == SCARD_S_SUCCESS; i++) {
		int clen = hex_decode(hex[i], cmd, sizeof cmd);

		rlen = sizeof resp;
		rv = clen < 4
		     ? SCARD_E_INVALID_PARAMETER
		     : SCardTransmit(h, proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1
		                     : SCARD_PCI_T0, cmd, (DWORD)clen, NULL, resp,
		                     &rlen);
		for (DWORD k = 0; rv == SCARD_S_SUCCESS && k < rlen; k++)
			printf("%02X", resp[k]);
		if (rv == SCARD_S_SUCCESS)
			putchar('\n');
	}
	return rv;
}

/* Connect (shared, T=0 or T=1) to the first reader matching --reader (or
 * the first reader) and send the commands in that one connection. */
static LONG cardop_connect_send(SCARDCONTEXT ctx, const char *match,
                                char **hex, int n)
{
	LPSTR readers = NULL, r;
	DWORD len = SCARD_AUTOALLOCATE, proto;
	SCARDHANDLE h;
	LONG rv = SCardListReaders(ctx, NULL, (LPSTR)&readers, &len);

	if (rv != SCARD_S_SUCCESS)
		return rv;
	for (r = readers; *r && match && !strstr(r, match); r += strlen(r) + 1)
		;
	rv = *r ? SCardConnect(ctx, r, SCARD_SHARE_SHARED,
	                       SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto)
	        : SCARD_E_UNKNOWN_READER;
	if (rv == SCARD_S_SUCCESS) {
		rv = cardop_send_all(h, proto, hex, n);
		SCardDisconnect(h, SCARD_LEAVE_CARD);
	}
	SCardFreeMemory(ctx, readers);
	return rv;
}

/* raw HEX...: commands exactly as given; each answer (data and status
 * word) in hex on a line of its own. */
static int cardop_raw(const struct cardop_opts *o, char **hex, int n)
{
	SCARDCONTEXT ctx;
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);

	if (rv == SCARD_S_SUCCESS) {
		rv = cardop_connect_send(ctx, o->cfg.reader_match, hex, n);
		SCardReleaseContext(ctx);
	}
	if (rv == SCARD_E_INVALID_PARAMETER) {
		fprintf(stderr, "cardop: raw takes commands in hex (4 bytes or more)\n");
		return 2;
	}
	if (rv != SCARD_S_SUCCESS) {
		printf("comm-error %s\n", pcsc_stringify_error(rv));
		return 1;
	}
	return 0;
}

/* Options anywhere; returns the index of the first non-option or -1. */
static int cardop_options(int argc, char **argv, struct cardop_opts *o,
                          char **pos, int *npos)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--json") == 0 || a[0] != '-' || a[1] != '-') {
			pos[(*npos)++] = argv[i];
			continue;
		}
		if (!v)
			return -1;
		if (strcmp(a, "--reader") == 0)
			o->cfg.reader_match = v;
		else if (strcmp(a, "--cards") == 0)
			o->cfg.cards_conf = v;
		else if (strcmp(a, "--ca") == 0)
			o->cfg.ca_file = v;
		else if (strcmp(a, "--timeout") == 0)
			o->timeout_s = atoi(v);
		else
			return -1;
		i++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cardop_opts o = { .timeout_s = 20 };
	char *pos[24];
	int npos = 0;
	const char *top = getenv("top_srcdir");

	snprintf(o.cards_default, sizeof o.cards_default, "%s/conf/cards.conf",
	         top ? top : ".");
	o.cfg.cards_conf = o.cards_default;
	o.cfg.ca_file = "";
	if (argc > 24 || cardop_options(argc, argv, &o, pos, &npos) < 0 ||
	    npos < 1 || o.timeout_s <= 0) {
		fprintf(stderr, "usage: cardop [--reader X] [--cards F] [--ca F] "
		        "[--timeout S] info [--json] | activate|change|test-sign "
		        "pin1|pin2 | watch N | wait present|absent|down | raw HEX...\n");
		return 2;
	}
	secret_arena_init();
	if (strcmp(pos[0], "info") == 0)
		return cardinfo_run(&o.cfg, npos > 1 && strcmp(pos[1], "--json") == 0,
		                    stdout, stderr);
	if (npos == 2 && (strcmp(pos[0], "watch") == 0 || strcmp(pos[0], "wait") == 0))
		return cardop_events(&o, pos[0], pos[1]);
	if (npos >= 2 && strcmp(pos[0], "raw") == 0)
		return cardop_raw(&o, pos + 1, npos - 1);
	if (npos == 2 && (strcmp(pos[0], "activate") == 0 ||
	                  strcmp(pos[0], "change") == 0 ||
	                  strcmp(pos[0], "test-sign") == 0))
		return cardop_op(&o, pos[0], pos[1]);
	fprintf(stderr, "cardop: unknown command %s\n", pos[0]);
	return 2;
}
