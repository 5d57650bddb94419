/* vcard_cli.c - eidkiosk-vcard: make (any generation, dates, ATR), inspect
 * and run (behind a TPDU- or APDU-level reader) a virtual FinEID card for
 * tests. Exit 0 ok, 1 runtime failure (or "check": no match), 2 usage. */
#include "build-config.h"
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "vcard.h"
#include "vcard_cli.h"
#include "vcard_pki.h"
#include "vcard_state.h"
#include "hex.h"

static const char usage_text[] =
	"usage: eidkiosk-vcard init STATE [--start new|pin1-set|active|pin1-blocked|\n"
	"                      pin2-blocked|locked] [--gen 2022|2025|3.1]\n"
	"                      [--puk DIGITS] [--pin1 D] [--pin2 D] [--given NAME]\n"
	"                      [--surname NAME] [--docnum X | --docnum-hex HEX]\n"
	"                      [--ca DIR] [--expired]\n"
	"                      [--untrusted] [--wrong-key] [--issued YYYY-MM-DD]\n"
	"                      [--atr HEX]\n"
	"       eidkiosk-vcard run STATE [--host 127.0.0.1] [--port 35963] [--log FILE]\n"
	"                      [--reader tpdu|apdu]\n"
	"                      [--fault vanish-before:N|vanish-after:N|slow:MS|\n"
	"                       slow-write:MS|mute-at:N|garbage-at:N|\n"
	"                       refuse-status:REF]...\n"
	"       eidkiosk-vcard check STATE --code pin1|pin2|puk   (digits on stdin)\n"
	"       eidkiosk-vcard show STATE\n"
	"--ca defaults to the directory of STATE (ca.pem, ca.key made if missing).\n";

/* Complain about the command line; exit status 2. */
static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "eidkiosk-vcard: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

/* Print a cause and free it; exit status 1. */
static int fail(char *cause)
{
	fprintf(stderr, "eidkiosk-vcard: %s\n", cause ? cause : "failed");
	free(cause);
	return 1;
}

/* Where init keeps the values it decodes from hex. */
struct init_bufs {
	uint8_t atr[VCARD_ATR_MAX];
	char docnum[16];
};

/* Apply one init option to spec (an ATR or a document number in hex is
 * decoded into b); -1 when its value is wrong. */
static int init_opt(int ch, const char *arg, struct vcard_spec *sp,
                    struct init_bufs *b)
{
	switch (ch) {
	case 's': return vcard_start_parse(arg, &sp->start);
	case 'g': return vcard_gen_parse(arg, &sp->gen);
	case 'i': return vcard_date_parse(arg, &sp->issued);
	case 'a':
		sp->atr = b->atr;
		return vcard_atr_parse(arg, b->atr, &sp->atr_len);
	case 'D':
		sp->docnum = b->docnum;
		sp->docnum_any = true;
		return vcard_docnum_hex_parse(arg, b->docnum);
	case 'P': sp->puk = arg; return 0;
	case '1': sp->pin1 = arg; return 0;
	case '2': sp->pin2 = arg; return 0;
	case 'G': sp->given = arg; return 0;
	case 'S': sp->surname = arg; return 0;
	case 'd':
		sp->docnum = arg;
		sp->docnum_any = false;
		return 0;
	case 'c': sp->ca_dir = arg; return 0;
	case 'e': sp->expired = true; return 0;
	case 'u': sp->untrusted = true; return 0;
	case 'w': sp->wrong_key = true; return 0;
	default: return -1;
	}
}

/* init: make a new card and save it. */
static int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "start", 1, NULL, 's' }, { "gen", 1, NULL, 'g' },
		{ "puk", 1, NULL, 'P' }, { "pin1", 1, NULL, '1' },
		{ "pin2", 1, NULL, '2' }, { "given", 1, NULL, 'G' },
		{ "surname", 1, NULL, 'S' }, { "docnum", 1, NULL, 'd' },
		{ "docnum-hex", 1, NULL, 'D' },
		{ "ca", 1, NULL, 'c' }, { "expired", 0, NULL, 'e' },
		{ "untrusted", 0, NULL, 'u' }, { "wrong-key", 0, NULL, 'w' },
		{ "issued", 1, NULL, 'i' }, { "atr", 1, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	struct vcard_spec sp = { .gen = VCARD_2022, .start = VS_NEW };
	struct init_bufs bufs;
	char *cause = NULL, *dir = NULL;
	struct vcard vc;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (ch == '?' || init_opt(ch, optarg, &sp, &bufs) < 0)
			return usage(ch == '?' ? NULL : "bad option value");
	if (optind != argc - 1)
		return usage("init needs exactly one STATE file");
	if (!sp.ca_dir) {
		dir = strdup(argv[optind]);
		sp.ca_dir = dir ? dirname(dir) : ".";
	}
	rc = vcard_create(&vc, &sp, &cause);
	free(dir);
	if (rc < 0)
		return fail(cause);
	rc = vcard_state_save(&vc, argv[optind], &cause);
	vcard_free(&vc);
	return rc < 0 ? fail(cause) : 0;
}

/* The reader a card sits behind: "tpdu" or "apdu"; -1 otherwise. */
static int link_parse(const char *s, enum vcard_link *out)
{
	if (strcmp(s, "tpdu") == 0)
		*out = VCARD_LINK_TPDU;
	else if (strcmp(s, "apdu") == 0)
		*out = VCARD_LINK_APDU;
	else
		return -1;
	return 0;
}

/* run: serve the card to vpcd. */
static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "host", 1, NULL, 'h' }, { "port", 1, NULL, 'p' },
		{ "log", 1, NULL, 'l' }, { "fault", 1, NULL, 'f' },
		{ "reader", 1, NULL, 'r' }, { NULL, 0, NULL, 0 }
	};
	struct vcard_run_opts o = { .host = "127.0.0.1", .port = "35963",
	                            .link = VCARD_LINK_TPDU };
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'h')
			o.host = optarg;
		else if (ch == 'p')
			o.port = optarg;
		else if (ch == 'l')
			o.log = optarg;
		else if (ch == 'r' && link_parse(optarg, &o.link) < 0)
			return usage("--reader is tpdu or apdu");
		else if (ch != 'r' && (ch != 'f' || vcard_fault_parse(&o, optarg) < 0))
			return usage(ch == 'f' ? "bad --fault" : NULL);
	}
	if (optind != argc - 1)
		return usage("run needs exactly one STATE file");
	o.state = argv[optind];
	return vcard_run(&o);
}

/* show: generation, ATR, document number, and each code's counters and
 * flag. */
static int cmd_show(int argc, char **argv)
{
	const struct vcard_code *codes[3];
	static const char *const names[] = { "pin1", "pin2", "puk" };
	uint8_t atr[VCARD_ATR_MAX];
	char *cause = NULL;
	struct vcard vc;
	size_t n;

	if (argc != 2)
		return usage("show needs exactly one STATE file");
	if (vcard_state_load(&vc, argv[1], &cause) < 0)
		return fail(cause);
	codes[0] = &vc.pin1;
	codes[1] = &vc.pin2;
	codes[2] = &vc.puk;
	printf("gen %s\natr ", vcard_gen_name(vc.gen));
	n = vcard_atr(&vc, atr);
	hex_fput(stdout, atr, n, true);
	printf("\ndocnum ");
	vcard_docnum_write(stdout, vc.docnum);
	putchar('\n');
	for (int i = 0; i < 3; i++)
		printf("%s tries=%d max=%d activated=%s\n", names[i],
		       codes[i]->tries, codes[i]->max_tries,
		       codes[i]->activated ? "yes" : "no");
	printf("locked %s\n", vc.puk.tries <= 0 ? "yes" : "no");
	vcard_free(&vc);
	return 0;
}

/* Compare the digits on stdin with a code of the card: 0 same, 1 not. */
static int code_matches(const struct vcard_code *c)
{
	char line[64] = "";
	size_t n;
	int same;

	if (!fgets(line, sizeof line, stdin))
		line[0] = '\0';
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	same = c->activated && n == strlen(c->value) &&
	       CRYPTO_memcmp(line, c->value, n) == 0;
	OPENSSL_cleanse(line, sizeof line);
	return same ? 0 : 1;
}

/* check: does stdin hold the current value of a code? */
static int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "code", 1, NULL, 'c' }, { NULL, 0, NULL, 0 }
	};
	const char *code = NULL;
	char *cause = NULL;
	struct vcard vc;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'c')
			return usage(NULL);
		code = optarg;
	}
	if (optind != argc - 1 || !code ||
	    (strcmp(code, "pin1") && strcmp(code, "pin2") && strcmp(code, "puk")))
		return usage("check needs STATE and --code pin1|pin2|puk");
	if (vcard_state_load(&vc, argv[optind], &cause) < 0) {
		fail(cause);
		return 2;
	}
	rc = code_matches(strcmp(code, "pin1") == 0 ? &vc.pin1 :
	                  strcmp(code, "pin2") == 0 ? &vc.pin2 : &vc.puk);
	vcard_free(&vc);
	return rc;
}

/* eidkiosk-vcard COMMAND ... */
int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(NULL);
	if (strcmp(argv[1], "init") == 0)
		return cmd_init(argc - 1, argv + 1);
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return cmd_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	return usage("unknown command");
}
