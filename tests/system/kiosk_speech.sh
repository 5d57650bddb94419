# kiosk_speech.sh - speech mode on the real kiosk (tmux pty, private pcscd +
# vpcd, eidkiosk-vcard) with the real speech helper and espeak-ng, its
# sound going to a directory of WAV files played out in real time (no sound
# card here) with said.txt listing each utterance: what was said, in which
# voice, and whether it was heard to its end or stopped.
#
# Shown: the speech key turns speech on at the welcome screen without
# sight; each screen is said from the same messages it shows, in the
# screen's language (fi, sv, en), and again in the new one when the
# language changes; digits typed are counted, never said; the volume key
# and the warning 10 s before a countdown ends are heard; the speech key
# repeats and stops; the loop answers keys at once while it speaks; the
# audio is real: the kiosk's first words are espeak-ng's own Finnish
# sound for the same text (sample for sample), its Swedish and English
# utterances sound as long as espeak-ng's in those voices, the helper alone
# makes each voice's own sound, also through ALSA (libasound's file
# plugin), and nothing is silent. The welcome is said again after each
# pause (headphones in) until the next command. A headset plugged in (the input
# switch event, through a FIFO standing in for the input device) starts
# speech by itself and hears private facts (the holder's name) that the
# speakers never say; none of the codes is ever in the speech stream. A
# helper killed is told as speech unavailable, and started again by itself.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"
ek_need espeak-ng espeak-ng
ek_need_file "$top_builddir/eidkiosk-speech" "(build eidkiosk first)"

SPK=$EK_TMP/speech
JACK=$EK_TMP/jack
# The helper as the kiosk starts it, unless NO_SPEECH exists (a helper that
# cannot start, as without a sound card); while the FIFO GATE exists, it
# starts only when a line is written there (a slow start, as on a busy
# machine).
NO_SPEECH=$EK_TMP/no-speech
GATE=$EK_TMP/speech-gate
SPEAKER=$EK_TMP/speaker.sh
printf '#!/bin/sh\n[ -e "%s" ] && exit 1\n[ -p "%s" ] && read _ <"%s" && rm "%s"\nexec "%s" "$@"\n' \
	"$NO_SPEECH" "$GATE" "$GATE" "$GATE" "$top_builddir/eidkiosk-speech" \
	>"$SPEAKER"
chmod +x "$SPEAKER"
SAID=$SPK/said.txt
mkdir -p "$SPK"
mkfifo "$JACK"
exec {JACK_FD}<>"$JACK"     # held open: the helper never sees it end
RATE=150
EK_KIOSK_CONF=$(ek_kiosk_config \
	"speech = { program = \"$SPEAKER\";" \
	"  device = \"dir:$SPK\"; headset = \"$JACK\"; rate = $RATE; };" \
	"timeouts = { code_entry = 14; };")

# said_has VOICE TEXT: an utterance in VOICE that holds TEXT.
said_has() {
	[ -f "$SAID" ] && grep -F -- "$2" "$SAID" | grep -q "^[0-9]* $1 "
}

# wait_said VOICE TEXT [SECS]
wait_said() {
	ek_wait_for "speech in '$1' of: $2" "${3:-10}" said_has "$1" "$2"
}

# The number of the last utterance that holds TEXT.
said_seq() {
	grep -F -- "$1" "$SAID" | tail -n 1 | cut -d' ' -f1
}

# wait_heard SEQ: the utterance SEQ ended (heard whole, or stopped).
heard() {
	grep -qE "^$1 (end|stopped)\$" "$SAID"
}
wait_heard() {
	ek_wait_for "utterance $1 to end" 15 heard "$1"
}

# utterance DIR SEQ VOLUME: utterance SEQ of DIR's said.txt into VOICE,
# TEXT and WAV (its file), and espeak-ng's own sound of TEXT in VOICE at
# VOLUME into REF (the rate the kiosk was given).
utterance() {
	local line
	line=$(grep "^$2 " "$1/said.txt" | head -n 1)
	VOICE=$(echo "$line" | cut -d' ' -f2) TEXT=${line#* * }
	WAV=$1/$2-$VOICE.wav REF=$EK_TMP/ref-$2-$VOICE.wav
	espeak-ng -v "$VOICE" -s "$RATE" -a "$3" -w "$REF" "$TEXT" ||
		ek_fail "espeak-ng could not say '$TEXT'"
}

# not_silent WAV: the loudest sample of WAV stands out from silence; its
# peak into PEAK.
not_silent() {
	PEAK=$(tail -c +45 "$1" | od -An -v -td2 -w2 |
		awk '{ v = $1 < 0 ? -$1 : $1; if (v > m) m = v } END { print m + 0 }')
	[ "$PEAK" -gt 2000 ] || ek_fail "$1 is (nearly) silent: peak $PEAK"
}

# wav_is DIR SEQ VOLUME: utterance SEQ in DIR is real sound of its voice:
# its WAV holds exactly espeak-ng's own samples of its text in that voice
# (all of them when it was heard to its end, else as far as it got; only
# a fresh synthesiser's first utterance is repeatable sample for sample),
# at least half a second, and not silence.
wav_is() {
	local n
	utterance "$@"
	[ "$(od -An -tu4 -j24 -N4 "$WAV" | tr -d ' ')" = 22050 ] ||
		ek_fail "$WAV is not 22050 Hz"
	n=$(( $(stat -c %s "$WAV") - 44 ))
	[ "$n" -gt 22050 ] || ek_fail "$WAV holds less than half a second"
	cmp -s -n "$n" <(tail -c +45 "$WAV") <(tail -c +45 "$REF") ||
		ek_fail "$WAV is not espeak-ng's '$VOICE' voice saying '$TEXT'"
	if grep -qx "$2 end" "$1/said.txt"; then
		[ -z "$(tail -c +$((n + 45)) "$REF" | tr -d '\0' | head -c 1)" ] ||
			ek_fail "$WAV ends before espeak-ng's sound of '$TEXT' does"
	fi
	not_silent "$WAV"
	echo "ok: '${TEXT:0:40}...' in the $VOICE voice: $n bytes of espeak-ng's sound, peak $PEAK"
}

# wav_sounds DIR SEQ VOLUME: utterance SEQ, heard to its end, is sound as
# long as espeak-ng's sound of its text in its voice (within a fifth: a
# synthesiser that spoke before sounds a little different) and not silent.
wav_sounds() {
	local n m
	wait_heard "$2"
	grep -qx "$2 end" "$1/said.txt" || ek_fail "utterance $2 was stopped"
	utterance "$@"
	n=$(( $(stat -c %s "$WAV") - 44 ))
	m=$(tail -c +45 "$REF" | od -An -v -td2 -w2 |
		awk '$1 != 0 { last = NR } END { print last * 2 }')
	[ "$n" -ge $((m * 4 / 5)) ] && [ "$n" -le $((m * 6 / 5 + 44100)) ] ||
		ek_fail "$WAV: $n bytes of sound, espeak-ng's '$VOICE' makes $m"
	not_silent "$WAV"
	echo "ok: the kiosk's '$TEXT' in $VOICE: $n bytes of sound (espeak-ng: $m), peak $PEAK"
}

# helper_says VOICE VOLUME TEXT: the speech helper alone, fresh, says TEXT
# to its end in VOICE at VOLUME (0-200); its WAV is checked as above.
helper_says() {
	local dir=$EK_TMP/helper-$1
	mkdir -p "$dir"
	{ printf 'voice %s\nvolume %s\nsay %s\n' "$1" "$2" "$3"
	  ek_wait_for "the helper to say '$3'" 15 grep -qx "0001 end" "$dir/said.txt"
	} | "$top_builddir/eidkiosk-speech" --device "dir:$dir" --headset "" \
		--rate "$RATE" >"$dir/news" || ek_fail "eidkiosk-speech failed"
	grep -qx ready "$dir/news" || ek_fail "eidkiosk-speech did not get ready"
	wav_is "$dir" 0001 "$2"
}

# jack VALUE: the input switch event SW_HEADPHONE_INSERT (EV_SW 5, code 2)
# and a SYN_REPORT, as struct input_event on this 64-bit machine.
jack() {
	local zero16='\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
	printf "$zero16"'\5\0\2\0'"\\$1"'\0\0\0'"$zero16"'\0\0\0\0\0\0\0\0' >&"$JACK_FD"
}

ek_card_init new --start new --gen 2022 --puk 12345678
ek_card_init good --start active --gen 2022 --pin1 2468 --pin2 135791 \
	--given "Liisa Maria" --surname "Virtanen" --docnum AB7654321

# --- Finnish: the speech key at the welcome screen -------------------------
# The key is pressed before the helper is up; when it starts, telling no
# headset, speech stays on.
mkfifo "$GATE"
ek_kiosk_start --lang fi
ek_wait_screen "$(ek_msg fi welcome_title)"
ek_keys '*'
ek_wait_screen "$(ek_msg fi opt_speech): $(ek_msg fi word_on)"
echo start >"$GATE"
wait_said fi "$(ek_msg fi welcome_title)"
wait_said fi "$(ek_msg fi welcome_insert)"
wait_said fi "$(ek_msg fi opt_speech): $(ek_msg fi word_on)"
# speech brings more time; this test wants the site's countdown back
ek_screen_has "$(ek_msg fi opt_more_time): $(ek_msg fi word_on)" ||
	ek_fail "speech mode did not bring more time"
# (after a second of the welcome, which the key then cuts off)
ek_wait_for "a second of speech" 10 eval \
	'[ "$(stat -c %s "$SPK/0001-fi.wav")" -gt 44144 ]'
ek_screen_has "$(ek_msg fi opt_speech): $(ek_msg fi word_on)" &&
	! grep -qx "0001 stopped" "$SAID" ||
	ek_fail "the helper's start turned off the speech asked for"
echo "ok: speech asked for before its helper was up stayed on"
ek_keys +
ek_wait_screen "$(ek_msg fi opt_more_time): $(ek_msg fi word_off)"
wait_heard 0001
# The kiosk's first words are real sound in the Finnish voice.
wav_is "$SPK" 0001 100

ek_card_insert new
ek_wait_screen "$(ek_msg fi act_intro_start)" 15
wait_said fi "$(ek_msg fi act_intro_start)"
# The loop answers at once while the long intro is being said: the next
# language shows within a second, and the Finnish intro is cut off.
seq=$(said_seq "$(ek_msg fi act_intro_start)")
t0=$(ek_now_ms)
ek_keys /
ek_wait_screen "$(ek_msg sv act_intro_start)" 3
ms=$(( $(ek_now_ms) - t0 ))
[ "$ms" -lt $((1500 * EK_TIME_SCALE)) ] ||
	ek_fail "the screen answered the language key after $ms ms while speaking"
wait_heard "$seq"
grep -qx "$seq stopped" "$SAID" || ek_fail "the Finnish intro was not stopped"
echo "ok: a key answered in $ms ms while the kiosk spoke; the speech stopped"

# --- Swedish: the same screen in the new voice; the volume ------------------
wait_said sv "$(ek_msg sv act_intro_start)"
ek_keys -
wait_said sv "$(ek_msg sv speak_volume n=3)"
wav_sounds "$SPK" "$(said_seq "$(ek_msg sv speak_volume n=3)")" 150

# --- English: a whole activation by ear -------------------------------------
ek_keys /
wait_said en "$(ek_msg en act_intro_start)"
ek_keys -
wait_said en "$(ek_msg en speak_volume n=4)"
wav_sounds "$SPK" "$(said_seq "$(ek_msg en speak_volume n=4)")" 200
ek_keys Enter
ek_wait_screen "Step 1 of 5"
wait_said en "$(ek_msg en name_puk)"
# tries left are private: the speakers say they are on the screen instead
said_has en "$(ek_msg en speak_private)" ||
	ek_fail "the private lines were not replaced by a pointer to the screen"
said_has en "$(ek_msg en tries_left n=5)" && ek_fail "tries left said aloud"
ek_type 1234
ek_wait_screen "* * * * _"
wait_said en "$(ek_msg en speak_typed n=4)"
# the warning ten seconds before the end, in words as well as the bell
wait_said en "$(ek_msg en speak_time_left n=10 more=+)" 10
ek_type 5678
ek_wait_screen "* * * * * * * *"
ek_keys Enter
ek_wait_screen "Step 2 of 5"
wait_said en "$(ek_msg en name_pin1)"
ek_type 2580; ek_keys Enter
ek_wait_screen "Step 3 of 5"
ek_type 2580; ek_keys Enter
ek_wait_screen "Step 4 of 5" 15
ek_type 258046; ek_keys Enter
ek_wait_screen "Step 5 of 5"
ek_type 258046; ek_keys Enter
ek_wait_screen "$(ek_msg en done_activated_title)" 15
wait_said en "$(ek_msg en done_activated_title)"
wait_said en "$(ek_msg en goodbye)"
ek_expect_eq "card fully activated" "pin1=5/yes pin2=5/yes puk=5/yes" "$(ek_card_codes new)"

# The speech key stops what is being said, and says it again.
seq=$(said_seq "$(ek_msg en done_activated_title)")
ek_keys '*'
wait_heard "$seq"
grep -qx "$seq stopped" "$SAID" || ek_fail "the speech key did not stop the speech"
ek_keys '*'
ek_wait_for "the done screen said again" 10 eval \
	'[ "$(grep -cF -- "$(ek_msg en done_activated_title)" "$SAID")" -ge 2 ]'
echo "ok: the speech key stopped and repeated"

# The visit ends: the next citizen starts without speech (no headset).
ek_card_remove
ek_wait_screen "$(ek_msg fi opt_speech): $(ek_msg fi word_off)"

# --- The helper dies: speech is unavailable until it is back ---------------
helper=$(pgrep -P "$(ek_kiosk_pid)" -x eidkiosk-speech) ||
	ek_fail "no speech helper under the kiosk"
touch "$NO_SPEECH"              # and it cannot start again for now
kill -KILL "$helper"
ek_wait_for "the kiosk to see its speech helper gone" 10 \
	grep -q "the helper ended" "$EK_TMP/kiosk.err"
ek_keys '*'
ek_wait_says "$(ek_msg fi speech_unavailable)"
ek_screen_has "$(ek_msg fi opt_speech): $(ek_msg fi word_on)" &&
	ek_fail "speech turned on without its helper"
ek_card_insert good             # told on every screen, the menu's too
ek_wait_screen "$(ek_msg fi menu_title)" 15
ek_screen_says "$(ek_msg fi speech_unavailable)" &&
	ek_fail "the welcome screen's notice followed to the menu"
ek_keys '*'
ek_wait_says "$(ek_msg fi speech_unavailable)"
ek_card_remove
ek_wait_screen "$(ek_msg fi opt_speech): $(ek_msg fi word_off)"
rm "$NO_SPEECH"                 # the next start works: no kiosk restart
echo "ok: speech unavailable while its helper was gone"

# --- A headset: speech by itself, and private facts into it -----------------
# (into the helper started again: it hears the headset and speaks)
jack 1
ek_wait_screen "$(ek_msg fi opt_speech): $(ek_msg fi word_on)" 30
again=$(pgrep -P "$(ek_kiosk_pid)" -x eidkiosk-speech) ||
	ek_fail "no speech helper after the restart"
[ "$again" != "$helper" ] || ek_fail "the speech helper was not started again"
grep -q "speech helper started again" "$EK_TMP/kiosk.err" ||
	ek_fail "the restart is not in the log"
ek_keys 2
wait_said sv "$(ek_msg sv welcome_title)"
ek_card_insert good
ek_wait_screen "$(ek_msg sv menu_title)" 15
ek_keys 1
ek_wait_screen "Virtanen" 15
wait_said sv "Liisa Maria Virtanen"
wait_said sv "AB7654321"
said_has sv "$(ek_msg sv speak_private)" &&
	ek_fail "with a headset in, private lines were still withheld"
jack 0
ek_wait_for "speech off when the headset is pulled out" 10 \
	eval '! ek_screen_has "$(ek_msg sv hint_volume volume=-)"'

# None of the codes, ever, in the speech stream.
for code in 12345678 2580 258046 2468 135791; do
	grep -q "$code" "$SAID" && ek_fail "the code $code was in the speech stream"
done
echo "ok: $(grep -cv ' \(end\|stopped\)$' "$SAID") utterances, no code in any"
ek_no_codes 12345678 258046 2580

# The Swedish and English voices as the kiosk asks for them, and louder.
helper_says sv 150 "$(ek_msg sv speak_volume n=3)"
helper_says en 200 "$(ek_msg en speak_volume n=4)"

# Through ALSA, as on a kiosk with a sound card: libasound's own file
# plugin (over its null device) takes the samples the helper plays.
printf 'pcm.kiosk { type file; slave.pcm "null"; file "%s"; format "raw"; }\n' \
	"$EK_TMP/alsa.raw" >"$EK_TMP/asound.conf"
ek_need_file /usr/share/alsa/alsa.conf libasound2-data
text=$(ek_msg fi speak_time_left n=10 more=+)
{ printf 'voice fi\nsay %s\n' "$text"
  ek_wait_for "the utterance through ALSA to end" 15 \
	grep -qx done "$EK_TMP/alsa.news"
} | ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:$EK_TMP/asound.conf \
	"$top_builddir/eidkiosk-speech" --device kiosk --headset "" \
	--rate "$RATE" >"$EK_TMP/alsa.news" || ek_fail "eidkiosk-speech failed on ALSA"
espeak-ng -v fi -s "$RATE" -w "$EK_TMP/alsa-ref.wav" "$text"
n=$(stat -c %s "$EK_TMP/alsa.raw")
[ "$n" -gt 44100 ] || ek_fail "ALSA got less than a second of sound"
cmp -s -n "$n" "$EK_TMP/alsa.raw" <(tail -c +45 "$EK_TMP/alsa-ref.wav") ||
	ek_fail "ALSA did not get espeak-ng's Finnish sound of '$text'"
echo "ok: through ALSA: $n bytes, espeak-ng's own Finnish sound"

# What the kiosk asks for at the welcome screen while headphones are in:
# said again after each pause, until the next command.
dir=$EK_TMP/helper-loop
mkdir -p "$dir"
{ printf 'voice fi\nloop 1 %s\n' "$(ek_msg fi welcome_title)"
  ek_wait_for "the welcome said three times" 15 \
	grep -qx "0003 fi $(ek_msg fi welcome_title)" "$dir/said.txt"
  printf 'stop\n'
  ek_nap 3
} | "$top_builddir/eidkiosk-speech" --device "dir:$dir" --headset "" \
	--rate "$RATE" >/dev/null || ek_fail "eidkiosk-speech failed"
[ "$(grep -c " fi " "$dir/said.txt")" -eq 3 ] ||
	ek_fail "the welcome went on after the next command: $(cat "$dir/said.txt")"
echo "ok: the welcome said again after each pause, until told to stop"
ek_end
