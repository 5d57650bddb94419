# card_vanish_after.sh - the card pulled just after each command of an
# activation, before its answer comes back (vanish-after:N; see
# card_vanish_lib.sh).
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/card_vanish_lib.sh"
ek_begin "$@"
# Vanishing after command 2: the card did the reset.
vanish_matrix after 2
