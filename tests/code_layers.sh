#!/bin/bash
# code_layers.sh - the seams between the parts, as rules the sources keep:
# - every source file includes build-config.h first (the same feature
#   macros everywhere);
# - the state machine's engine (src/kiosk/fsm.c) knows nothing of the app:
#   it includes fsm.h alone (the app's policy comes through the table's
#   hooks);
# - no code outside src/card knows the card layer's step numbers: a card
#   result says what happened (written, read_complete, states_fresh); its
#   step count is only logged and audited (src/kiosk/record.c), never
#   compared; the shell tests learn the write's place from the card's log;
# - the loop only moves events and effects: it writes nothing into the
#   model (struct app), and knows no card backend (no demo, no virtual
#   card headers);
# - the card layer knows no screen: nothing in src/card includes the UI's
#   or the kiosk's headers (the demo line is facts the screen words).
set -u
src=${top_srcdir:?}/src
fail=0

bad() { echo "FAIL: $*"; fail=1; }

for f in "$src"/*.c "$src"/*/*.c; do
	[ "$(grep -m1 '^#include' "$f")" = '#include "build-config.h"' ] ||
		bad "${f#"$src"/} does not include build-config.h first"
done

inc=$(grep -h '^#include "' "$src/kiosk/fsm.c" |
      grep -v '^#include "\(build-config\|fsm\)\.h"$')
[ -z "$inc" ] || bad "src/kiosk/fsm.c includes more than fsm.h: $inc"

steps=$(grep -rlE '(->|\.)step\b' "$src" --include='*.c' --include='*.h' |
        grep -v "^$src/card/" | grep -v "^$src/kiosk/record.c$")
[ -z "$steps" ] || bad "the card's step outside src/card: $steps"
cmp=$(grep -nE '(->|\.)step\s*[<>=!]|[<>=!]=?\s*[a-z_]+(->|\.)step\b' \
      "$src/kiosk/record.c")
[ -z "$cmp" ] || bad "record.c compares the card's step: $cmp"
fm=$(grep -rnE 'FM_WRITE=[0-9]' "$top_srcdir/tests/system" || true)
[ -z "$fm" ] || bad "a shell test names the write's step: $fm"

writes=$(grep -nE 'lp->app\.[a-z_.]+(\[[^]]*\])?\s*([-+*/|&]?=[^=]|\+\+|--)' \
         "$src/loop.c")
[ -z "$writes" ] || bad "the loop writes the model: $writes"
backend=$(grep -nE '^#include "(demo|vcard[a-z_]*|pcsc[a-z_]*)\.h"' "$src/loop.c")
[ -z "$backend" ] || bad "the loop knows a card backend: $backend"
ui='ui|ui_int|screens|widgets|tty|messages'
kiosk='app|app_rules|fsm|loop|narrator|speech'
upward=$(grep -nE "^#include \"($ui|$kiosk)\.(h|def)\"" "$src"/card/*.[ch])
[ -z "$upward" ] || bad "the card layer includes a screen or kiosk header: $upward"

[ "$fail" = 0 ] && echo "PASS: the layers keep their seams"
exit "$fail"
