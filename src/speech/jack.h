/* jack.h - whether a headset is plugged in, from the kernel's input switch
 * (EV_SW, SW_HEADPHONE_INSERT) that sound cards with jack detection report
 * on /dev/input/event*. Private to src/speech/. */
#ifndef EIDKIOSK_JACK_H
#define EIDKIOSK_JACK_H

#include <stdbool.h>

/* Open the switch: "auto" finds the first input device with a headphone
 * switch, a path opens that device, "" none. Returns an fd to poll, or -1
 * (none found: no headset is ever reported). *in: plugged in now. */
int jack_open(const char *spec, bool *in);

/* Read what the fd has; returns 1 and sets *in when the headphone switch
 * changed, 0 when not, -1 when the device is gone. */
int jack_read(int fd, bool *in);

#endif
