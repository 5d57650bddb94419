/* staff_code_cmd.c - eidkiosk --hash-staff-code: the staff code is read
 * without echo (it is typed where others may look) and only its salted,
 * slow hash is printed, for the file staff.code_file names. The typed
 * digits are wiped before returning. */
#include "build-config.h"
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "staff_code.h"

#define CMD_CODE_MAX 64

/* One line from in into buf (newline dropped), echo off on a terminal;
 * the prompt goes to err. 0, or -1 at the end of input. */
static int cmd_read(FILE *in, FILE *err, const char *prompt, char *buf,
                    size_t n)
{
	int fd = fileno(in), tty = isatty(fd);
	struct termios old, quiet;
	char *got;

	if (tty) {
		fputs(prompt, err);
		fflush(err);
		tcgetattr(fd, &old);
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	got = fgets(buf, (int)n, in);
	if (tty) {
		tcsetattr(fd, TCSAFLUSH, &old);
		fputc('\n', err);
	}
	if (!got)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int staff_code_cmd(FILE *in, FILE *out, FILE *err, unsigned long iter)
{
	char code[CMD_CODE_MAX] = "", again[CMD_CODE_MAX] = "";
	char line[STAFF_LINE_MAX];
	const char *why = "no staff code given";
	int rc = 2;

	if (cmd_read(in, err, "Staff code (digits, at least 8): ", code,
	             sizeof code) == 0) {
		if (isatty(fileno(in)) &&
		    (cmd_read(in, err, "The same again: ", again,
		              sizeof again) < 0 || strcmp(code, again) != 0)) {
			why = "the two entries differ";
			rc = 1;
		} else {
			rc = -staff_code_make(code, strlen(code), iter, line,
			                      sizeof line, &why);
		}
	}
	OPENSSL_cleanse(code, sizeof code);
	OPENSSL_cleanse(again, sizeof again);
	if (rc != 0) {
		fprintf(err, "eidkiosk: %s\n", why);
		return rc;
	}
	fprintf(out, "%s\n", line);
	OPENSSL_cleanse(line, sizeof line);
	return 0;
}
