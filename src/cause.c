/* cause.c - the malloc'd messages of cause.h. */
#include "build-config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "cause.h"

/* A message for the caller. */
void cause_set(char **cause, const char *fmt, ...)
{
	va_list ap;

	if (!cause)
		return;
	va_start(ap, fmt);
	if (vasprintf(cause, fmt, ap) < 0)
		*cause = NULL;
	va_end(ap);
}

/* A failure's message, never NULL. */
const char *cause_text(const char *cause)
{
	return cause ? cause : "out of memory";
}

/* No message after all. */
void cause_drop(char **cause)
{
	if (!cause)
		return;
	free(*cause);
	*cause = NULL;
}
