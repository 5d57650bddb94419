# card_chain.sh - certificate chain status as --card-info reports it:
# expired, untrusted (another CA), no CA file, and ok.
. "$top_srcdir/tests/system/lib.sh"
ek_begin "$@"

# chains NAME [cardop options]: "auth/sign" chain words from --json.
chains() {
	_n=$1
	shift
	ek_cardop "$@" info --json |
		sed -n 's/^    "\(auth\|sign\)": {.*"chain": "\([a-z-]*\)"}.*/\2/p' |
		tr '\n' '/' | sed 's/\/$//'
}

ek_card_init ok --start active
ek_card_insert ok
ek_expect_eq "chain of a good card" "ok/ok" "$(chains ok)"
ek_expect_eq "chain without a CA file" "no-ca/no-ca" "$(chains ok --ca "$EK_TMP/none.pem")"
ek_card_remove

ek_card_init old --start active --expired
ek_card_insert old
ek_expect_eq "chain of an expired card" "expired/expired" "$(chains old)"
out=$(ek_cardop info)
ek_expect_match "text says expired" '^  Chain: *expired$' "$out"
ek_card_remove

ek_card_init alien --start active --untrusted
ek_card_insert alien
ek_expect_eq "chain of a card from another CA" "untrusted/untrusted" "$(chains alien)"
