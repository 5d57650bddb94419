/* mono.h - the monotonic clock in milliseconds: deadlines and waits that
 * no change of the wall clock moves (timers, key repeats, retries). */
#ifndef EIDKIOSK_MONO_H
#define EIDKIOSK_MONO_H

/* Milliseconds on CLOCK_MONOTONIC. */
long long mono_ms(void);

#endif
