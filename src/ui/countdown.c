/* countdown.c - the countdown's arithmetic, kept apart from drawing so it
 * can be tested: how much of the bar is left, and when it turns urgent. */
#include "build-config.h"
#include "widgets.h"

/* Filled cells for left of total seconds, rounded up: a second left still
 * shows, an empty bar means time is up. */
int countdown_fill(int left, int total, int cells)
{
	long f;

	if (cells <= 0 || total <= 0 || left <= 0)
		return 0;
	if (left >= total)
		return cells;
	f = ((long)left * cells + total - 1) / total;
	return f > cells ? cells : (int)f;
}

/* The last COUNTDOWN_URGENT_S seconds stand out. */
bool countdown_urgent(int left)
{
	return left <= COUNTDOWN_URGENT_S;
}
