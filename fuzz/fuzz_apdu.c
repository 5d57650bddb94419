/* fuzz_apdu.c - the card is untrusted: a scripted card answers everything
 * the kiosk asks on insertion and in "test my card" (select, token info,
 * both certificates, code status, verify, sign), so the exchange rules
 * (61xx, 6Cxx), status-word mapping, FCP and TLV parsing of answers and the
 * certificate summary all see arbitrary card answers; on T=0 no command
 * may carry an Le beside its data.
 * Input: fuzz.h's script card (profile byte, its top bit T=1, then
 * length-prefixed answers). */
#include "build-config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const struct profile_set *ps = fz_profiles();
	struct fz_card c = { .d = d, .n = n, .off = 1,
	                     .proto = n && d[0] & 0x80 ? CARD_T1 : CARD_T0 };
	struct card_io io = fz_card_io(&c);

	if (n < 1)
		return 0;
	fz_card_conversation(&io, &ps->v[d[0] % ps->n]);
	return 0;
}
