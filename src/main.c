/* main.c - options, settings, wiring; placeholder until the modules land. */
#include <stdio.h>
int main(void) { puts("eidkiosk"); return 0; }
