# card_opensc.sh - another PC/SC client (OpenSC) sees our virtual cards
# through the same private pcscd: the harness is a real PC/SC stack.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"
ek_need opensc-tool opensc

ek_card_init c22 --start new --gen 2022
ek_card_insert c22
ek_expect_eq "opensc-tool -a, FinEID 2022" \
	"3b:7f:96:00:00:80:31:b8:65:b0:85:05:00:11:12:24:60:82:90:00" \
	"$(opensc-tool -a 2>&1 | grep -i '^3b')"
ek_expect_match "opensc-tool -l lists the reader" 'Virtual PCD 00 00' "$(opensc-tool -l 2>&1)"
ek_card_remove

ek_card_init c25 --start new --gen 2025
ek_card_insert c25
ek_expect_eq "opensc-tool -a, FinEID 2025" \
	"3b:7f:96:00:00:80:31:b8:65:b0:85:05:10:24:12:24:60:82:90:00" \
	"$(opensc-tool -a 2>&1 | grep -i '^3b')"
