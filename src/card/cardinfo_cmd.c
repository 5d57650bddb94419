/* cardinfo_cmd.c - `eidkiosk --card-info [--json]`: start the card service,
 * wait (bounded) for the first definite state, read the card without
 * spending a try, print it as text or as one JSON object, exit. */
#include "build-config.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cardinfo_cmd.h"
#include "outside.h"
#include "hex.h"
#include "mono.h"

#define CI_STATE_WAIT_MS 5000    /* first state: pcsc-lite answers at once */
#define CI_RESULT_WAIT_MS 60000  /* the service times each card call itself */

/* ISO 8601 UTC of t. */
static void ci_time(time_t t, char out[32])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 32, "?");
}

/* A JSON string: quotes and backslashes escaped, and control bytes too
 * (none should come: every text from outside was cleaned where it came in,
 * outside.h, so what is printed is well-formed UTF-8). */
static void ci_json_str(FILE *out, const char *str)
{
	fputc('"', out);
	for (const unsigned char *s = (const unsigned char *)str; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if (*s < 0x20 || *s == 0x7F)
			fprintf(out, "\\u%04x", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

/* The holder's name: from the authentication certificate, else signing. */
static const char *ci_holder(const struct card_info *in)
{
	for (int k = 0; k < KEY_COUNT; k++)
		if (in->have_cert[k] && in->cert[k].holder[0])
			return in->cert[k].holder;
	return "";
}

/* One certificate as a JSON value (null when the card has none). */
static void ci_json_cert(FILE *out, const struct card_info *in, enum key_id k)
{
	const struct cert_summary *c = &in->cert[k];
	char from[32], until[32];

	if (!in->have_cert[k]) {
		fputs("null", out);
		return;
	}
	ci_time(c->not_before, from);
	ci_time(c->not_after, until);
	fputs("{\"subject_cn\": ", out);
	ci_json_str(out, c->subject_cn);
	fputs(", \"serial_number\": ", out);
	ci_json_str(out, c->serial_number);
	fputs(", \"issuer_cn\": ", out);
	ci_json_str(out, c->issuer_cn);
	fputs(", \"key_type\": ", out);
	ci_json_str(out, c->key_type);
	fprintf(out, ", \"not_before\": \"%s\", \"not_after\": \"%s\", "
	        "\"chain\": \"%s\"}", from, until,
	        certinfo_chain_key(in->chain[k]));
}

/* The whole card as one JSON object. */
static void ci_print_json(FILE *out, const struct card_event *ins,
                          const struct card_info *in)
{
	char atr[80];

	hex_encode(ins->atr, ins->atr_len, '\0', true, atr, sizeof atr);
	fputs("{\n  \"profile\": ", out);
	ci_json_str(out, in->profile);
	fputs(",\n  \"reader\": ", out);
	ci_json_str(out, ins->reader);
	fprintf(out, ",\n  \"atr\": \"%s\",\n  \"document_number\": ", atr);
	if (in->docnum[0])
		ci_json_str(out, in->docnum);
	else
		fputs("null", out);
	fputs(",\n  \"holder\": ", out);
	ci_json_str(out, ci_holder(in));
	fputs(",\n  \"certificates\": {", out);
	for (int k = 0; k < KEY_COUNT; k++) {
		fprintf(out, "%s\n    \"%s\": ", k ? "," : "",
		        profile_key_name((enum key_id)k));
		ci_json_cert(out, in, (enum key_id)k);
	}
	fputs("\n  },\n  \"codes\": {", out);
	for (int c = 0; c < CODE_COUNT; c++) {
		fprintf(out, "%s\n    \"%s\": ", c ? "," : "",
		        profile_code_name((enum code_id)c));
		if (in->code[c].known)
			fprintf(out, "{\"tries_left\": %d, \"activated\": %s}",
			        in->code[c].tries_left,
			        in->code[c].activated ? "true" : "false");
		else
			fputs("{\"tries_left\": null, \"activated\": null}", out);
	}
	fputs("\n  },\n  \"activation_code_digits\": ", out);
	if (in->puk_len)
		fprintf(out, "%d\n}\n", in->puk_len);
	else
		fputs("null\n}\n", out);
}

/* One certificate as text. */
static void ci_text_cert(FILE *out, const struct card_info *in, enum key_id k)
{
	const struct cert_summary *c = &in->cert[k];
	char from[32], until[32];

	fprintf(out, "%s certificate:\n", k == KEY_AUTH ? "Authentication"
	                                                : "Signature");
	if (!in->have_cert[k]) {
		fputs("  (none on the card)\n", out);
		return;
	}
	ci_time(c->not_before, from);
	ci_time(c->not_after, until);
	fprintf(out, "  Subject:          %s\n", c->subject_cn);
	if (c->serial_number[0])
		fprintf(out, "  Serial number:    %s\n", c->serial_number);
	fprintf(out, "  Issuer:           %s\n", c->issuer_cn);
	fprintf(out, "  Key:              %s\n", c->key_type);
	fprintf(out, "  Valid from:       %s\n", from);
	fprintf(out, "  Valid until:      %s\n", until);
	fprintf(out, "  Chain:            %s\n",
	        certinfo_chain_key(in->chain[k]));
}

/* The whole card as text. */
static void ci_print_text(FILE *out, const struct card_event *ins,
                          const struct card_info *in)
{
	static const char *const label[CODE_COUNT] = { "PIN1", "PIN2", "PUK" };
	char atr[120];

	hex_encode(ins->atr, ins->atr_len, ' ', true, atr, sizeof atr);
	fprintf(out, "Profile:            %s\n", in->profile);
	fprintf(out, "Reader:             %s\n", ins->reader);
	fprintf(out, "ATR:                %s\n", atr);
	fprintf(out, "Document number:    %s\n",
	        in->docnum[0] ? in->docnum : "(the card did not tell)");
	fprintf(out, "Holder:             %s\n", ci_holder(in));
	for (int k = 0; k < KEY_COUNT; k++)
		ci_text_cert(out, in, (enum key_id)k);
	for (int c = 0; c < CODE_COUNT; c++) {
		if (in->code[c].known)
			fprintf(out, "%-5s tries left: %d, activated: %s\n",
			        label[c], in->code[c].tries_left,
			        in->code[c].activated ? "yes" : "no");
		else
			fprintf(out, "%-5s status not known (the card did not "
			        "tell)\n", label[c]);
	}
	if (in->puk_len)
		fprintf(out, "Activation code:    %d digits\n", in->puk_len);
}

/* Report a state that ends --card-info: message to err, and for --json a
 * small object naming the state to out. Returns 1. */
static int ci_fail(bool json, FILE *out, FILE *err, const char *state,
                   const struct card_event *ev, const char *msg)
{
	char atr[120];

	fprintf(err, "eidkiosk: %s\n", msg);
	if (!json)
		return 1;
	fprintf(out, "{\"error\": ");
	ci_json_str(out, msg);
	fprintf(out, ", \"state\": \"%s\"", state);
	if (ev && ev->reader[0]) {
		fputs(", \"reader\": ", out);
		ci_json_str(out, ev->reader);
	}
	if (ev && ev->atr_len) {
		hex_encode(ev->atr, ev->atr_len, '\0', true, atr, sizeof atr);
		fprintf(out, ", \"atr\": \"%s\"", atr);
	}
	if (ev && ev->known[0]) {
		fputs(", \"known_as\": ", out);
		ci_json_str(out, ev->known);
	}
	fputs("}\n", out);
	return 1;
}

/* What staff should tell the citizen about a card no profile serves. */
static const char *ci_advice_text(enum card_advice a)
{
	switch (a) {
	case ADV_CONTACTLESS:
		return "read through the contactless interface; insert it into "
		       "the contact slot, chip first";
	case ADV_EXPIRED:
		return "a card generation that has expired; the holder needs a "
		       "new card";
	default:
		return "";
	}
}

/* A state other than a supported card, as a message; 1, or 0 to go on. */
static int ci_check_state(struct card_service *cs,
                          const struct card_config *cfg, bool json, FILE *out,
                          FILE *err, const struct card_event *ev)
{
	const char *rm = cfg->reader_match ? cfg->reader_match : "";
	char msg[640], atr[120], match[128];

	switch (ev->kind) {
	case CEV_SERVICE_DOWN:
		card_problem(cs, msg, sizeof msg);
		return ci_fail(json, out, err, "no-service", ev,
		               msg[0] ? msg : "pcscd is not running");
	case CEV_NO_READER:
		/* --reader TEXT is the caller's, not the card's: cleaned all the
		 * same, as the JSON must stay valid */
		outside_clean(match, sizeof match, rm, strlen(rm));
		snprintf(msg, sizeof msg, "no card reader found%s%s%s",
		         *match ? " matching \"" : "", match, *match ? "\"" : "");
		return ci_fail(json, out, err, "no-reader", ev, msg);
	case CEV_READER_BUSY:
		snprintf(msg, sizeof msg, "the card reader \"%s\" is being used "
		         "at another terminal (another program holds it)",
		         ev->reader);
		return ci_fail(json, out, err, "reader-busy", ev, msg);
	case CEV_READER_EMPTY:
	case CEV_CARD_REMOVED:
		snprintf(msg, sizeof msg, "no card in the reader \"%s\"", ev->reader);
		return ci_fail(json, out, err, "no-card", ev, msg);
	case CEV_CARD_INSERTED:
		if (ev->profile[0])
			return 0;
		hex_encode(ev->atr, ev->atr_len, ' ', true, atr, sizeof atr);
		snprintf(msg, sizeof msg, "unsupported card in the reader \"%s\", "
		         "ATR: %s%s%s%s%s", ev->reader,
		         ev->atr_len ? atr : "(none, mute)",
		         ev->known[0] ? ", known as \"" : "", ev->known,
		         ev->known[0] ? "\": " : "", ci_advice_text(ev->advice));
		return ci_fail(json, out, err, profile_advice_name(ev->advice), ev,
		               msg);
	case CEV_RESULT:
		break;
	}
	return ci_fail(json, out, err, "internal", ev, "unexpected card event");
}

/* Why a READ_INFO failed, in words. */
static void ci_failure_text(const struct card_event *r, char *msg, size_t n)
{
	if (r->res.err != CE_OK)
		snprintf(msg, n, "cannot read the card: %s (after step %d)",
		         card_err_name(r->res.err), r->step);
	else
		snprintf(msg, n, "cannot read the card: %s, status %04X "
		         "(after step %d)", apdu_sw_name(r->res.kind), r->res.sw,
		         r->step);
}

/* Ask for READ_INFO and wait for its result; 0 ok, else the exit code. */
static int ci_read(struct card_service *cs, bool json, FILE *out, FILE *err,
                   const struct card_event *ins, struct card_event *res)
{
	struct card_request rq = { .kind = REQ_READ_INFO };
	long long deadline = mono_ms() + CI_RESULT_WAIT_MS;
	char msg[200];
	int rc;

	if (card_request(cs, &rq) < 0)
		return ci_fail(json, out, err, "no-card", ins,
		               "the card went away before it could be read");
	do {
		rc = card_wait_event(cs, res, deadline);
	} while (rc == 1 && res->kind != CEV_RESULT);
	if (rc != 1)
		return ci_fail(json, out, err, "timeout", ins,
		               "the card did not answer in time");
	if (res->read_complete)
		return 0;
	ci_failure_text(res, msg, sizeof msg);
	return ci_fail(json, out, err, "unreadable", ins, msg);
}

/* --card-info. */
int cardinfo_run(const struct card_config *cfg, bool json, FILE *out, FILE *err)
{
	struct card_event ins, res;
	struct card_service *cs;
	char *cause = NULL;
	int rc;

	cs = card_start_pcsc(cfg, &cause);
	if (!cs) {
		fprintf(err, "eidkiosk: %s\n", cause ? cause : "card service failed");
		free(cause);
		return 2;
	}
	rc = card_wait_event(cs, &ins, mono_ms() + CI_STATE_WAIT_MS);
	if (rc != 1)
		rc = ci_fail(json, out, err, "timeout", NULL,
		             "the card service did not report a state in time");
	else if ((rc = ci_check_state(cs, cfg, json, out, err, &ins)) == 0 &&
	         (rc = ci_read(cs, json, out, err, &ins, &res)) == 0) {
		if (json)
			ci_print_json(out, &ins, &res.info);
		else
			ci_print_text(out, &ins, &res.info);
	}
	card_stop(cs);
	return rc;
}
