# card_vanish_before.sh - the card pulled just before each command of an
# activation reaches it (vanish-before:N; see card_vanish_lib.sh).
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/card_vanish_lib.sh"
ek_begin "$@"
# Vanishing before command 3: the reset (command 2) was done.
vanish_matrix before 3
