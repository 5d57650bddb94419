/* monitor_state.c - the one line of state the staff monitor shows: where
 * the citizen is (screen, journey, step, seconds left), what the card said
 * (tries left of each code), the language, the last notice or verdict, and
 * the reader. Built from the model's public facts only: no secret, and
 * not even how many digits have been typed, ever reaches this line. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include "monitor.h"

/* The journey's name; "-" for none. */
static const char *state_journey(enum app_journey j)
{
	if (j == J_NONE || (unsigned)j >= J_COUNT)
		return "-";
	return app_journey_name(j);
}

/* The reader's state. */
static const char *state_reader(const struct app *a)
{
	switch (a->reader) {
	case RD_OK: return "ok";
	case RD_NO_READER: return "none";
	case RD_SERVICE_DOWN: return "service_down";
	case RD_BUSY: return "busy";
	default: return "unknown";
	}
}

/* The card's presence. */
static const char *state_card(const struct app *a)
{
	if (!a->card_in)
		return "out";
	if (!a->card_ok)
		return "unsupported";
	return a->busy ? "working" : "in";
}

/* Tries left as a word: "-" when not read. */
static void state_tries(char *out, size_t n, int t)
{
	if (t < 0)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%d", t);
}

/* Append s to the line at buf[len] (room n, at least len + 3) inside the
 * quotes of a field: '"' and '\' escaped with '\', whole characters only
 * (s is clean text, outside.h: no control, no newline), then the closing
 * quote and the newline, which always fit. Returns the line's length. */
static size_t state_quote(char *buf, size_t n, size_t len, const char *s)
{
	size_t k, esc;

	for (; *s; s += k) {
		for (k = 1; ((unsigned char)s[k] & 0xC0) == 0x80; k++)
			;
		esc = *s == '"' || *s == '\\';
		if (len + esc + k + 3 > n)
			break;
		if (esc)
			buf[len++] = '\\';
		memcpy(buf + len, s, k);
		len += k;
	}
	memcpy(buf + len, "\"\n", 3);
	return len + 2;
}

/* The line; the reader's name last, quoted (state_quote), so that a line
 * always parses as key=value words whatever the reader is called. */
size_t monitor_state_line(const struct app *a, const struct monitor_facts *f,
                          char *buf, size_t n)
{
	char t[3][12], step[32], count[32];
	int steps = 0, s = app_step(a, a->fsm.state, &steps);
	int len;

	for (int c = 0; c < 3; c++)
		state_tries(t[c], sizeof t[c], a->info.code[c].tries_left);
	if (s > 0)
		snprintf(step, sizeof step, "%d/%d", s, steps);
	else
		snprintf(step, sizeof step, "-");
	if (a->count_total > 0)
		snprintf(count, sizeof count, "%d/%d", a->count_left,
		         a->count_total);
	else
		snprintf(count, sizeof count, "-");
	len = snprintf(buf, n,
	    "state screen=%s journey=%s step=%s countdown=%s lang=%s "
	    "pin1_tries=%s pin2_tries=%s puk_tries=%s verdict=%s notice=%s "
	    "card=%s atr=%s audit=%s reader=%s reader_name=\"",
	    fsm_state_name(a->fsm.state), state_journey(a->kind), step, count,
	    f->lang ? f->lang : "-", t[CODE_PIN1], t[CODE_PIN2], t[CODE_PUK],
	    app_verdict_name(a->verdict),
	    a->notice < MSG_COUNT ? lang_key(a->notice) : "-",
	    state_card(a), a->card_in && f->atr && f->atr[0] ? f->atr : "-",
	    f->audit ? f->audit : "ok", state_reader(a));
	if (len < 0)
		return 0;
	if ((size_t)len + 3 > n) {     /* cut, but still one line */
		buf[n - 2] = '\n';
		buf[n - 1] = '\0';
		return n - 1;
	}
	return state_quote(buf, n, (size_t)len, f->reader ? f->reader : "");
}
