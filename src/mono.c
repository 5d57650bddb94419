/* mono.c - the monotonic clock in milliseconds (mono.h). */
#include "build-config.h"
#include <time.h>
#include "mono.h"

long long mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
