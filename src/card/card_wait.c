/* card_wait.c - what every client of the card service that is not the
 * kiosk's poll loop needs (--card-info, the test driver): wait for the next
 * event up to a deadline, and write an ATR as hex. */
#include "build-config.h"
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include "card.h"

long long card_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int card_wait_event(struct card_service *cs, struct card_event *ev,
                    long long deadline)
{
	struct pollfd pfd = { .fd = card_event_fd(cs), .events = POLLIN };
	long long left;
	int rc;

	for (;;) {
		rc = card_next_event(cs, ev);
		if (rc != 0)
			return rc;
		left = deadline - card_now_ms();
		if (left <= 0)
			return 0;
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
			return -1;
	}
}
