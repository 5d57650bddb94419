# fault_matrix_lib.sh - what the fault matrix scripts share.
# Source after lib.sh, lib_screen.sh and ek_begin.
#
# A case is one fault (vanish-before, vanish-after, mute-at, garbage-at)
# at one command of a journey's card operation. The operation's commands
# are counted from the card's log on a clean run (after the READ_INFO of
# the insertion), so the matrix follows the card layer if it changes.
# Each case gets a fresh copy of the journey's card "base" as card "c";
# after it the card comes out, the kiosk must be back at the welcome
# screen, and the next case's card (good until its fault, which is past
# the READ_INFO) must be read: that is the "next citizen" check. The
# script defines fm_run KIND N K (drive the journey until the operation is
# sent; the fault is at card command N, the operation's command K) and
# fm_check KIND K (the story on screen and the card's state). The screen
# is read with lib_screen.sh's ek_snap, ek_has, ek_says and ek_wait_until.
# shellcheck shell=bash
. "$top_srcdir/tests/system/lib_memory.sh"

FM_KINDS="vanish-before vanish-after mute-at garbage-at"
FM_CASES=0
FM_CASE=setup
# Which command of the operation under test is its write: the matrix
# learns it from the card's log of a clean run (fm_write_at), never from
# the kiosk's own order of commands.
FM_WRITE=

# A mute card's call ends after 1 s (the kiosk reads this at start); a
# machine found busy, or valgrind (whose threads take turns), gives it more:
# a card that answers must never look mute.
FM_MUTE_S=$EK_BUSY
[ -z "${EK_VALGRIND:-}" ] || [ "$FM_MUTE_S" -ge 2 ] || FM_MUTE_S=2
EIDKIOSK_CARD_TIMEOUT_MS=$((1000 * FM_MUTE_S))
export EIDKIOSK_CARD_TIMEOUT_MS

# The texts of conf/lang/en.conf the matrix looks for.
fm_texts() {
	FM_WELCOME=$(ek_msg en welcome_title)
	FM_REMOVED=$(ek_msg en removed_title)
	FM_NOTHING=$(ek_msg en removed_nothing)
	FM_UNKNOWN=$(ek_msg en removed_unknown)
	FM_PIN1_SET=$(ek_msg en removed_pin1_set)
	FM_SAVED=$(ek_msg en removed_change_saved)
	FM_AGAIN=$(ek_msg en removed_insert_again)
	FM_ERROR=$(ek_msg en card_error_title)
	FM_ERROR_TEXT=$(ek_msg en card_error_text)
	FM_ERROR_UNKNOWN=$(ek_msg en card_error_unknown)
	FM_SERVICE=$(ek_msg en service_down_title)
	FM_LOST=$(ek_msg en lost_unknown)
}

# fm_wait_screen TEXT [SECS]: wait until a row shows TEXT (default 10 s).
# Unlike ek_wait_screen it does not wait for the screen to settle: every
# case waits several times, and the next step waits for its own screen.
fm_wait_screen() {
	ek_wait_until "$FM_CASE: screen shows '$1'" "${2:-10}" ek_has "$1"
}

# Answered commands in the log of card $1.
fm_cmds() {
	grep -c -- ' -> ' "$EK_TMP/$1.log"
}

# fm_write_at NAME FIRST: which command after the card's first FIRST is
# the operation's write, as card NAME's log tells it (RESET RETRY COUNTER
# 2C or CHANGE REFERENCE DATA 24); fails when there is none.
fm_write_at() {
	local k
	k=$(grep -- ' -> ' "$EK_TMP/$1.log" | tail -n +"$(($2 + 1))" |
		awk '{ ins = substr($1, 3, 2) }
		     ins == "2C" || ins == "24" { print NR; exit }')
	[ -n "$k" ] || ek_fail "no write in the card's log after command $2"
	echo "$k"
}

# Insert a fresh copy of the base card as "c", with the run args given.
# As ek_card_insert, but the kiosk's own screen is what the case waits for
# (the next step waits for the card to be read), not a second PC/SC client.
fm_insert() {
	cp "$(ek_card_file base)" "$(ek_card_file c)" || ek_fail "cannot copy the card"
	: >"$EK_TMP/c.log"
	[ -z "$EK_VCARD_PID" ] || ek_fail "fm_insert: a card is already in"
	"$EK_VCARD" run "$(ek_card_file c)" --log "$EK_TMP/c.log" "$@" \
		>>"$EK_TMP/vcard.out" 2>&1 &
	EK_VCARD_PID=$!
}

# Whether the screen shows the welcome or the removed title.
fm_left() {
	ek_has "$FM_WELCOME" || ek_has "$FM_REMOVED"
}

# Take the card out; the kiosk must come back to the welcome screen (the
# removed screen goes with any key, as the citizen would press).
fm_release() {
	ek_stop_pid "$EK_VCARD_PID"
	EK_VCARD_PID=
	ek_wait_until "$FM_CASE: welcome or removed screen after the card came out" 10 fm_left
	if ek_has "$FM_REMOVED"; then
		ek_keys Enter
	fi
	fm_wait_screen "$FM_WELCOME"
}

# How many journeys the audit trail says ended for reason $1.
fm_ends() {
	grep -c "event=journey_end .*reason=$1 " "$EK_TMP/audit.log"
}

# The service-down screen with what became of the card.
fm_service_story() {
	ek_says "$FM_SERVICE" && { ek_says "$FM_NOTHING" || ek_says "$FM_LOST"; }
}

# fm_pcscd_kill WHERE [welcome [idle]]: kill pcscd (SIGKILL) now and start
# it again. Before it is back the screen says the service is down and what
# became of the card: nothing changed (FM_SAID=nothing) or, if a write was
# under way, not known (FM_SAID=unknown); never that the card was removed.
# With "welcome" (a screen where nothing was being done to the card) the
# welcome screen says the service is down instead. The audit trail ends
# the open journey with reason=service_down; "idle": there was none.
fm_pcscd_kill() {
	local down removed want=1
	FM_CASE="pcscd killed $1"
	echo "--- $FM_CASE"
	[ "${3:-}" != idle ] || want=0
	down=$(fm_ends service_down) removed=$(fm_ends card_removed)
	ek_pcscd_stop KILL
	FM_SAID=nothing
	if [ "${2:-}" = welcome ]; then
		ek_wait_until "$FM_CASE: '$FM_SERVICE' on the welcome screen" 10 fm_has_says "$FM_WELCOME" "$FM_SERVICE"
	else
		ek_wait_until "$FM_CASE: '$FM_SERVICE' and what became of the card" 10 fm_service_story
		! ek_says "$FM_LOST" || FM_SAID=unknown
	fi
	! ek_has "$FM_REMOVED" || ek_fail "$FM_CASE: the screen says the card was removed"
	! ek_says "$FM_UNKNOWN" || ek_fail "$FM_CASE: the screen says the card was removed"
	[ "$(fm_ends service_down)" -eq $((down + want)) ] &&
		[ "$(fm_ends card_removed)" -eq "$removed" ] ||
		ek_fail "$FM_CASE: the audit trail does not end $want journey(s) with reason=service_down:
$(cat "$EK_TMP/audit.log")"
	ek_pcscd_start
	FM_CASES=$((FM_CASES + 1))
}

# fm_slow_start SCREEN KEYS...: take the card out, insert a fresh copy of
# the base card that answers each command after 200 ms and holds a command
# carrying a code FM_SLOW_WRITE_MS, wait for the SCREEN it is read into,
# type KEYS and return once the card has answered the operation's first
# command (SELECT): pcscd killed now meets the operation before the write
# or while the card holds it, never after it, however busy the machine.
# (The kiosk's card calls must then be allowed longer than that.)
FM_SLOW_WRITE_MS=$((5000 * EK_BUSY))
fm_slow_start() {
	local screen=$1 read_cmds
	shift
	ek_stop_pid "$EK_VCARD_PID"
	EK_VCARD_PID=
	ek_wait_until "$FM_CASE: the card out" 10 fm_left
	ek_has "$FM_WELCOME" || ek_keys Enter
	fm_wait_screen "$FM_WELCOME"
	fm_insert --fault slow:200 --fault "slow-write:$FM_SLOW_WRITE_MS"
	fm_wait_screen "$screen" 15
	read_cmds=$(fm_cmds c)
	ek_keys "$@"
	ek_wait_for "$FM_CASE: the card to start working" 10 fm_cmds_over "$read_cmds"
}
fm_cmds_over() {
	[ "$(fm_cmds c)" -gt "$1" ]
}

# fm_story TITLE TEXT [FORBIDDEN...]: the screen shows the title, says the
# text (wrapped or not) and says none of the forbidden texts.
fm_story() {
	local title=$1 text=$2 bad
	shift 2
	ek_wait_until "$FM_CASE: screen shows '$title' and says '$text'" 15 fm_has_says "$title" "$text"
	for bad in "$@"; do
		! ek_says "$bad" || ek_fail "$FM_CASE: the screen says '$bad'"
	done
}
fm_has_says() {
	ek_has "$1" && ek_says "$2"
}

# fm_card CODES [pin1|pin2 DIGITS]...: the card's code states are CODES and
# it holds the codes given.
fm_card() {
	ek_expect_eq "$FM_CASE: card state" "$1" "$(ek_card_codes c)"
	shift
	while [ $# -ge 2 ]; do
		ek_card_holds c "$1" "$2" || ek_fail "$FM_CASE: the card does not hold that $1"
		shift 2
	done
}

# fm_write_story KIND K: for a write, what the kiosk can know, in
# FM_STORY: "done" (the card confirmed the write), "unknown" (sent, no
# usable answer) or "none" (never sent); FM_GONE is 1 when the card
# vanished, else empty.
fm_write_story() {
	[ -n "$FM_WRITE" ] || ek_fail "FM_WRITE not learnt (fm_write_at)"
	if [ "$2" -gt "$FM_WRITE" ]; then
		FM_STORY='done'
	elif [ "$2" -eq "$FM_WRITE" ]; then
		FM_STORY=unknown
	else
		FM_STORY=none
	fi
	case $1 in
	vanish-*) FM_GONE=1 ;;
	*) FM_GONE= ;;
	esac
}

# Whether the card itself took the write in case KIND K.
fm_write_applied() {
	[ "$2" -gt "$FM_WRITE" ] ||
		{ [ "$1" = vanish-after ] && [ "$2" -eq "$FM_WRITE" ]; }
}

# fm_matrix FIRST OPS: every fault at the commands FIRST+1 .. FIRST+OPS
# of the card (FIRST: commands before the operation since insertion).
fm_matrix() {
	local first=$1 ops=$2 k kind
	for k in $(seq 1 "$ops"); do
		for kind in $FM_KINDS; do
			FM_CASE="$kind:$((first + k)) (command $k of $ops)"
			echo "--- case $FM_CASE"
			fm_insert --fault "$kind:$((first + k))"
			fm_run "$kind" "$((first + k))" "$k"
			fm_check "$kind" "$k"
			fm_release
			FM_CASES=$((FM_CASES + 1))
		done
	done
}

# fm_done WHAT: the count (the script has checked that a fresh card is
# read after the last case).
fm_done() {
	echo "fault matrix: $FM_CASES cases run ($1)"
}

# fm_no_codes CODE...: the kiosk still runs with no sanitizer report, no
# code reached the terminal or the kiosk's stderr, and after every case
# none is in its memory (lib_memory.sh).
fm_no_codes() {
	local code
	! ek_kiosk_exited || ek_fail "the kiosk exited: $(ek_kiosk_status)"
	! grep -q 'Sanitizer\|runtime error' "$EK_TMP/kiosk.err" ||
		ek_fail "the sanitizers reported an error"
	[ -s "$EK_TMP/tty.out" ] || ek_fail "the terminal output was not recorded"
	for code in "$@"; do
		if grep -qaF "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err"; then
			ek_fail "code $code appeared in the terminal output or the log"
		fi
	done
	ek_scan_memory "after-the-matrix" "$@"
}
