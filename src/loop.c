/* loop.c - the one poll() loop. Inputs become state machine events:
 * keys (through the current screen), signals (signalfd), the timer
 * (timerfd: one-shot for idle time, every second while a countdown is
 * visible, disarmed otherwise) and card events (the card service's fd).
 * After each pass at most one doupdate draws what changed; a countdown
 * tick stages only the countdown window. The staff monitor's sockets are
 * served here too, and get the state line whenever it changed. The speech
 * helper's news is one more fd; a helper that ended is started again when
 * its wait is over (poll's only timeout: an idle kiosk otherwise sleeps).
 *
 * Signals: SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT and SIGTSTP are
 * blocked in every thread (loop_block_signals runs before any thread
 * starts) and read here, so no handler ever runs in the middle of curses
 * or of a secret being wiped. */
#include "build-config.h"
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include "app.h"
#include "diag.h"
#include "hex.h"
#include "loop.h"
#include "mono.h"
#include "narrator.h"
#include "tty.h"

#define LOOP_DRAIN_MS 60000      /* the longest wait for a card's answer at exit */

struct loop {
	const struct loop_config *cfg;
	struct app app;
	struct app_effects fx;
	int sfd, tfd;
	int afd;                   /* timerfd: retry held audit records */
	bool timer_on, timer_tick;
	struct timespec deadline;
	bool running;
	int status;
	bool dirty, tick_dirty;
	bool log_stderr;           /* stderr is not the kiosk's screen */
	struct diag diag;          /* the service screen's facts */
	struct narrator *narrator; /* speech mode's script */
};

/* Block the loop's signals in this (the only) thread. */
int loop_block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGWINCH);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGQUIT);
	sigaddset(set, SIGTSTP);
	signal(SIGPIPE, SIG_IGN);
	return sigprocmask(SIG_BLOCK, set, NULL);
}

/* A log line: syslog always; stderr only when it is not the screen. */
static void loop_log(void *ctx, const char *line)
{
	struct loop *lp = ctx;

	syslog(LOG_INFO, "%s", line);
	if (lp->log_stderr)
		fprintf(stderr, "eidkiosk: %s\n", line);
}

/* The monotonic clock in milliseconds, for the model's waits. */
static long long fx_now(void *ctx)
{
	(void)ctx;
	return mono_ms();
}

/* Milliseconds from now to the deadline. */
static long loop_ms_left(const struct loop *lp)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (lp->deadline.tv_sec - now.tv_sec) * 1000L +
	       (lp->deadline.tv_nsec - now.tv_nsec) / 1000000L;
}

/* Arm the timerfd: every second for a countdown, once for idle time, or
 * not at all (seconds 0). */
static void fx_timer(void *ctx, int seconds, bool tick)
{
	struct loop *lp = ctx;
	struct itimerspec its;

	memset(&its, 0, sizeof its);
	lp->timer_on = seconds > 0;
	lp->timer_tick = tick;
	if (lp->timer_on) {
		clock_gettime(CLOCK_MONOTONIC, &lp->deadline);
		lp->deadline.tv_sec += seconds;
		its.it_value.tv_sec = tick ? 1 : seconds;
		its.it_interval.tv_sec = tick ? 1 : 0;
	}
	if (timerfd_settime(lp->tfd, 0, &its, NULL) < 0)
		tty_fatal("timerfd: %s", strerror(errno));
}

/* Gather the service screen's facts as it opens. */
static void loop_diag(struct loop *lp)
{
	struct diag *d = &lp->diag;

	d->pcscd_up = lp->app.reader != RD_SERVICE_DOWN;
	card_readers(lp->cfg->cs, d->readers, sizeof d->readers);
	card_problem(lp->cfg->cs, d->pcscd_problem, sizeof d->pcscd_problem);
	diag_versions(d->versions, sizeof d->versions, ", ");
	d->config_problems = diag_config_problems(lp->cfg->set,
	                                          lp->cfg->config_path);
	audit_status(lp->cfg->audit, &d->audit);
	ui_diag(lp->cfg->ui, d);
}

/* A state was entered. */
static void fx_show(void *ctx, enum fsm_state st)
{
	struct loop *lp = ctx;

	if (st == ST_STAFF_MENU)
		loop_diag(lp);
	ui_show(lp->cfg->ui, &lp->app, st);
	lp->dirty = true;
}

/* A card request. */
static int fx_card(void *ctx, const struct card_request *rq)
{
	struct loop *lp = ctx;

	return card_request(lp->cfg->cs, rq);
}

/* The language changed. */
static void fx_lang(void *ctx, int index)
{
	struct loop *lp = ctx;

	ui_lang(lp->cfg->ui, index);
	lp->dirty = true;
}

/* Draw everything again. */
static void fx_redraw(void *ctx)
{
	struct loop *lp = ctx;

	lp->dirty = true;
}

/* A tone: the terminal's bell (the console beeps, a terminal emulator
 * beeps or flashes as its user set it). */
static void fx_alert(void *ctx)
{
	struct loop *lp = ctx;

	ui_alert(lp->cfg->ui);
}

/* A countdown's last seconds: in speech mode, said. */
static void fx_warn(void *ctx)
{
	struct loop *lp = ctx;

	narrator_warn(lp->narrator, &lp->app);
}

/* Leave the loop. */
static void fx_quit(void *ctx, int status)
{
	struct loop *lp = ctx;

	lp->running = false;
	lp->status = status;
}

/* The demo line: what the card service says it shows (--demo only). */
static void loop_demo_line(struct loop *lp)
{
	struct card_demo_line d;

	if (!card_demo_line(lp->cfg->cs, &d))
		return;
	ui_demo(lp->cfg->ui, &d);
	lp->dirty = true;
}

/* One key. */
static void loop_key(struct loop *lp, int key)
{
	struct fsm_event e;

	if (card_demo_key(lp->cfg->cs, key)) {
		loop_demo_line(lp);
		return;
	}
	e = ui_key(lp->cfg->ui, &lp->app, key);
	if (e.ev == EV_RESIZE)
		ui_resize(lp->cfg->ui);
	app_event(&lp->app, e.ev, e.arg, true, NULL);
	lp->dirty = true;
}

/* Every key waiting on the terminal. */
static void loop_keys(struct loop *lp)
{
	int key;

	while (lp->running && (key = ui_getkey(lp->cfg->ui)) != ERR)
		loop_key(lp, key);
}

/* One signal from the signalfd. */
static void loop_signal(struct loop *lp)
{
	struct signalfd_siginfo si;
	bool kiosk = lp->cfg->set->kiosk;

	if (read(lp->sfd, &si, sizeof si) != (ssize_t)sizeof si)
		return;
	switch (si.ssi_signo) {
	case SIGWINCH:
		ui_resize(lp->cfg->ui);
		app_event(&lp->app, EV_RESIZE, 0, false, NULL);
		break;
	case SIGTERM:
	case SIGHUP:
		app_log(&lp->app, "signal %d: exiting", (int)si.ssi_signo);
		fx_quit(lp, 0);
		break;
	case SIGINT:
	case SIGQUIT:
		if (!kiosk)
			fx_quit(lp, 0);
		break;
	case SIGTSTP:
		if (!kiosk) {
			tty_suspend();
			ui_resize(lp->cfg->ui);
			lp->dirty = true;
		}
		break;
	}
}

/* The timer fired: a countdown second, or time ran out. */
static void loop_timer(struct loop *lp)
{
	uint64_t n;
	long ms;

	if (read(lp->tfd, &n, sizeof n) < 0 || !lp->timer_on)
		return;
	/* a countdown nobody can see (the window too small) does not run */
	if (lp->timer_tick && ui_too_small(lp->cfg->ui))
		lp->deadline.tv_sec += (time_t)n;
	ms = loop_ms_left(lp);
	if (ms <= 0) {
		fx_timer(lp, 0, false);
		app_event(&lp->app, EV_TIMEOUT, 0, false, NULL);
		lp->dirty = true;
	} else if (lp->timer_tick) {
		app_event(&lp->app, EV_TICK, (int)((ms + 999) / 1000), false, NULL);
		/* the question's text counts down with it: draw it all (only
		 * the changed cells go out) */
		if (lp->app.asking)
			lp->dirty = true;
		else
			lp->tick_dirty = true;
	}
}

/* One card event into the model. */
static void loop_card_event(struct loop *lp, const struct card_event *ev)
{
	app_card_event(&lp->app, ev);
	lp->dirty = true;
}

/* Every card event waiting. */
static void loop_card(struct loop *lp)
{
	struct card_event ev;

	while (lp->running && card_next_event(lp->cfg->cs, &ev) == 1)
		loop_card_event(lp, &ev);
	loop_demo_line(lp);
}

/* Draw what changed: a full draw (and in speech mode, say what is new),
 * or only the countdown. */
static void loop_draw(struct loop *lp)
{
	if (lp->dirty) {
		ui_draw(lp->cfg->ui, &lp->app);
		narrator_screen(lp->narrator, &lp->app, ui_said(lp->cfg->ui));
	} else if (lp->tick_dirty)
		ui_tick(lp->cfg->ui, &lp->app);
	else
		return;
	lp->dirty = lp->tick_dirty = false;
	ui_flush(lp->cfg->ui);
}

/* Tell the staff monitors where the kiosk is now (if that changed); the
 * line is not even made while nobody watches. */
static void loop_publish(struct loop *lp)
{
	char line[MONITOR_LINE_MAX];
	const char *alarm = audit_alarm(lp->cfg->audit);
	const struct app_card_seen *seen = &lp->app.seen;
	char atr[80];
	struct monitor_facts f = { lp->cfg->set->langs[lp->app.lang],
	                           seen->reader, atr, alarm ? alarm : "ok" };

	if (!monitor_watched(lp->cfg->mon))
		return;
	hex_encode(seen->atr, seen->atr_len, '\0', true, atr, sizeof atr);
	monitor_state_line(&lp->app, &f, line, sizeof line);
	monitor_publish(lp->cfg->mon, line);
}

/* The audit trail between passes: its retry timer armed only while
 * records wait for the file (an idle kiosk sleeps), and, when the site
 * stops serving without a written trail, the model told when that
 * begins and ends. */
static void loop_audit(struct loop *lp)
{
	struct itimerspec its;
	int ms = audit_retry_ms(lp->cfg->audit);
	bool down = audit_blocking(lp->cfg->audit);

	memset(&its, 0, sizeof its);
	if (ms >= 0) {
		ms = ms > 0 ? ms : 1;
		its.it_value.tv_sec = ms / 1000;
		its.it_value.tv_nsec = (long)(ms % 1000) * 1000000L;
	}
	timerfd_settime(lp->afd, 0, &its, NULL);
	if (down != lp->app.audit_down) {
		app_event(&lp->app, down ? EV_AUDIT_DOWN : EV_AUDIT_UP, 0, false,
		          NULL);
		lp->dirty = true;
	}
}

/* The retry timer fired: write what waits. */
static void loop_audit_retry(struct loop *lp)
{
	uint64_t n;

	if (read(lp->afd, &n, sizeof n) < 0)
		return;
	audit_retry(lp->cfg->audit);
	lp->dirty = true;
}

/* The monitors' sockets: new ones, commands, output; a staff reset. */
static void loop_monitor(struct loop *lp, const struct pollfd *p, int n)
{
	if (!monitor_handle(lp->cfg->mon, p, n))
		return;
	app_log(&lp->app, "reset by staff from the monitor");
	app_event(&lp->app, EV_STAFF_RESET, 0, false, NULL);
	lp->dirty = true;
}

/* The speech helper's news: it is ready, or gone (speech is then
 * unavailable: told to the citizen who asks for it, and logged for staff);
 * a headset in or out; an utterance ended. */
static void loop_speech(struct loop *lp)
{
	char why[300] = "";
	enum speech_news sn;

	while ((sn = speech_news(lp->cfg->speech, why, sizeof why)) != SN_NONE) {
		if (sn == SN_DONE)
			narrator_done(lp->narrator);
		if (sn == SN_GONE)
			app_log(&lp->app, "%s", why);
		if (sn == SN_HEADSET_IN || sn == SN_HEADSET_OUT)
			app_event(&lp->app, EV_HEADSET, sn == SN_HEADSET_IN,
			          false, NULL);
		if (sn == SN_READY || sn == SN_GONE)
			app_event(&lp->app, EV_SPEECH_HELPER, sn == SN_READY,
			          false, NULL);
		lp->dirty = true;
		if (sn == SN_GONE)
			break;
	}
}

/* The loop's own fds in poll()'s array; the monitor's follow them. */
enum { PFD_TTY, PFD_SIG, PFD_TIMER, PFD_CARD, PFD_AUDIT, PFD_SPEECH, PFD_N };

/* A speech helper that ended, started again when its wait is over. */
static void loop_speech_again(struct loop *lp)
{
	char *why = NULL;

	if (speech_restart(lp->cfg->speech, &why) == 0) {
		app_log(&lp->app, "speech helper started again");
		narrator_forget(lp->narrator);
	} else if (why) {
		app_log(&lp->app, "%s", why);
		free(why);
	}
}

/* Wait for anything and hand it on. */
static void loop_pass(struct loop *lp)
{
	struct pollfd p[PFD_N + 1 + MONITOR_CLIENTS_MAX] = {
		[PFD_TTY] = { STDIN_FILENO, POLLIN, 0 },
		[PFD_SIG] = { lp->sfd, POLLIN, 0 },
		[PFD_TIMER] = { lp->tfd, POLLIN, 0 },
		[PFD_CARD] = { card_event_fd(lp->cfg->cs), POLLIN, 0 },
		[PFD_AUDIT] = { lp->afd, POLLIN, 0 },
		[PFD_SPEECH] = { speech_fd(lp->cfg->speech), POLLIN, 0 },
	};
	int n = PFD_N;

	if (lp->cfg->mon)
		n += monitor_pollfds(lp->cfg->mon, p + PFD_N);
	loop_audit(lp);
	loop_publish(lp);
	loop_draw(lp);
	if (poll(p, (nfds_t)n, speech_retry_ms(lp->cfg->speech)) < 0) {
		if (errno != EINTR)
			tty_fatal("poll: %s", strerror(errno));
		return;
	}
	if (p[PFD_SIG].revents & POLLIN)
		loop_signal(lp);
	if (p[PFD_CARD].revents & POLLIN)
		loop_card(lp);
	if (p[PFD_TIMER].revents & POLLIN)
		loop_timer(lp);
	if (p[PFD_AUDIT].revents & POLLIN)
		loop_audit_retry(lp);
	if (p[PFD_SPEECH].revents)
		loop_speech(lp);
	loop_speech_again(lp);
	if (p[PFD_TTY].revents & POLLIN)
		loop_keys(lp);
	if (n > PFD_N)
		loop_monitor(lp, p + PFD_N, n - PFD_N);
	if (p[PFD_TTY].revents & (POLLHUP | POLLERR | POLLNVAL)) {
		app_log(&lp->app, "terminal gone: exiting");
		fx_quit(lp, 1);
	}
}

/* Set up the effects, the model and the fds. */
static void loop_setup(struct loop *lp, const struct loop_config *cfg,
                       const sigset_t *sigs)
{
	memset(lp, 0, sizeof *lp);
	lp->cfg = cfg;
	lp->running = true;
	lp->log_stderr = !isatty(STDERR_FILENO);
	lp->fx = (struct app_effects){ fx_show, fx_timer, fx_card, fx_lang,
	                               fx_redraw, fx_alert, fx_warn, fx_quit,
	                               loop_log, fx_now, lp };
	lp->sfd = signalfd(-1, sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	lp->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	lp->afd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (lp->sfd < 0 || lp->tfd < 0 || lp->afd < 0)
		tty_fatal("signalfd/timerfd: %s", strerror(errno));
	if (app_init(&lp->app, cfg->set, &lp->fx, cfg->audit, cfg->lang) < 0)
		tty_fatal("no room for secrets");
	ui_lang(cfg->ui, cfg->lang);
	lp->narrator = narrator_new(cfg->set, cfg->langs, cfg->speech);
	if (!lp->narrator)
		tty_fatal("out of memory");
	if (!cfg->speech)           /* no helper: the speech key says so */
		app_event(&lp->app, EV_SPEECH_HELPER, 0, false, NULL);
}

/* Leaving while a request is on the card (a signal, the terminal gone, as
 * when an SSH link drops): its answer is waited for first, so a write is
 * never left untold: the journey and the audit get what the card did, and
 * the next visit reads the card as it is. The card service bounds each
 * card call; this bounds the whole. A journey still open then ends as
 * stopped. */
static void loop_drain(struct loop *lp)
{
	long long end = mono_ms() + LOOP_DRAIN_MS;
	struct card_event ev;

	if (lp->app.busy)
		app_log(&lp->app, "waiting for the card's answer before leaving");
	while (lp->app.busy && card_wait_event(lp->cfg->cs, &ev, end) == 1)
		loop_card_event(lp, &ev);
	app_journey_end(&lp->app, END_STOPPED);
}

/* Run the kiosk. */
int loop_run(const struct loop_config *cfg, const sigset_t *sigs)
{
	struct loop lp;

	loop_setup(&lp, cfg, sigs);
	loop_demo_line(&lp);
	app_start(&lp.app);
	while (lp.running)
		loop_pass(&lp);
	loop_drain(&lp);
	/* The secrets are wiped by the caller once the card service has
	 * stopped: a request still running may be reading them. */
	close(lp.sfd);
	close(lp.tfd);
	close(lp.afd);
	narrator_free(lp.narrator);
	return lp.status;
}
