# kiosk_languages.sh - a whole activation in Finnish (a 2022 card, 8-digit
# activation code) and one in Swedish (a 2025 card, 7-digit code): every
# step is checked by its text in that language (conf/lang/fi.conf, sv.conf),
# the card holds the chosen PINs, and no code reached the terminal or log.
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/lib_screen.sh"
ek_begin "$@"

# The texts of each language, as conf/lang/*.conf has them.
declare -A T=(
	[fi.lang]="Suomi"
	[fi.welcome]="Tervetuloa"
	[fi.insert]="Aseta henkilökorttisi kortinlukijaan siru edellä ja ylöspäin."
	[fi.title]="Aktivoi korttisi"
	[fi.ready]="Paina Enter, kun olet valmis."
	[fi.step]="Vaihe N/5"
	[fi.tries]="Yrityksiä jäljellä: 5"
	[fi.puk]="Näppäile kirjeessä oleva aktivointitunnusluku (aktivointikoodi)."
	[fi.puk_help]="Tunnusluku on kirjeen oikeassa alakulmassa. Siinä on 7 tai 8 numeroa."
	[fi.name_puk]="Aktivointitunnusluku"
	[fi.pin1]="Valitse uusi perustunnusluku (PIN1) ja näppäile se."
	[fi.pin1_again]="Näppäile uusi perustunnusluku (PIN1) uudelleen."
	[fi.name_pin1]="Perustunnusluku (PIN1)"
	[fi.pin1_done]="Perustunnusluku (PIN1) on nyt asetettu. Valitse seuraavaksi allekirjoitustunnusluku (PIN2)."
	[fi.pin2]="Valitse uusi allekirjoitustunnusluku (PIN2) ja näppäile se."
	[fi.pin2_again]="Näppäile uusi allekirjoitustunnusluku (PIN2) uudelleen."
	[fi.name_pin2]="Allekirjoitustunnusluku (PIN2)"
	[fi.hint]="Enter = hyväksy"
	[fi.finished]="Korttisi on aktivoitu"
	[fi.done_text]="Perustunnusluku (PIN1) ja allekirjoitustunnusluku (PIN2) ovat valmiina."
	[fi.reminder]="Muista ottaa korttisi ja kirjeesi mukaan."

	[sv.lang]="Svenska"
	[sv.welcome]="Välkommen"
	[sv.insert]="Sätt in ditt identitetskort i kortläsaren med chippet först och uppåt."
	[sv.title]="Aktivera ditt kort"
	[sv.ready]="Tryck på Enter när du är redo."
	[sv.step]="Steg N av 5"
	[sv.tries]="Försök kvar: 5"
	[sv.puk]="Skriv aktiveringskoden från brevet."
	[sv.puk_help]="Koden finns längst ner till höger i brevet. Den har 7 eller 8 siffror."
	[sv.name_puk]="Aktiveringskod"
	[sv.pin1]="Välj en ny grundkod (PIN1) och skriv den."
	[sv.pin1_again]="Skriv den nya grundkoden (PIN1) en gång till."
	[sv.name_pin1]="Grundkod (PIN1)"
	[sv.pin1_done]="Grundkoden (PIN1) är nu satt. Välj härnäst signaturkoden (PIN2)."
	[sv.pin2]="Välj en ny signaturkod (PIN2) och skriv den."
	[sv.pin2_again]="Skriv den nya signaturkoden (PIN2) en gång till."
	[sv.name_pin2]="Signaturkod (PIN2)"
	[sv.hint]="0–9 = skriv siffror"
	[sv.finished]="Ditt kort är aktiverat"
	[sv.done_text]="Grundkoden (PIN1) och signaturkoden (PIN2) är klara."
	[sv.reminder]="Kom ihåg att ta med dig ditt kort och ditt brev."
)

# The text KEY in the language of this run.
t() {
	printf '%s' "${T[$L.$1]}"
}

# n stars then underscores up to 8 places: what a field of 8 shows.
slots() {
	local s="" i
	for ((i = 0; i < 8; i++)); do
		if [ "$i" -lt "$1" ]; then s+="*"; else s+="_"; fi
	done
	printf '%s' "$s"
}

# step N PROMPT: the entry screen of step N, in this language only.
step() {
	local line
	line=$(t step)
	ek_wait_screen "${line/N/$1}" 15
	ek_wait_says "$(t "$2")"
	ek_screen_has "$(t title)" || ek_fail "$L: no title at step $1"
	ek_screen_has "Step " && ek_fail "$L: English step line at step $1"
	echo "ok: $L step $1"
}

# activate LANG CARD PUK PIN1 PIN2: the whole activation on a new kiosk.
activate() {
	L=$1
	ek_kiosk_start --lang "$L"
	ek_wait_screen "$(t welcome)"
	ek_wait_says "$(t insert)"
	ek_screen_has "$(t lang)" || ek_fail "$L: language name not shown"
	ek_card_insert "$2"
	ek_wait_says "$(t ready)" 15
	ek_screen_has "$(t title)" || ek_fail "$L: no activation title"
	ek_keys Enter

	step 1 puk
	ek_screen_has "$(t tries)" || ek_fail "$L: activation code tries not shown"
	ek_screen_says "$(t puk_help)" || ek_fail "$L: activation code help not shown"
	ek_screen_says "$(t hint)" || ek_fail "$L: key hints not translated"
	ek_type "$3"
	ek_wait_field "$(t name_puk)" "$(slots ${#3})"
	ek_keys Enter

	step 2 pin1
	ek_type "$4"
	ek_wait_field "$(t name_pin1)" "$(slots ${#4})"
	ek_keys Enter
	step 3 pin1_again
	ek_type "$4"; ek_keys Enter

	step 4 pin2
	ek_screen_says "$(t pin1_done)" || ek_fail "$L: PIN1 progress not told"
	ek_type "$5"
	ek_wait_field "$(t name_pin2)" "$(slots ${#5})"
	ek_keys Enter
	step 5 pin2_again
	ek_type "$5"; ek_keys Enter

	ek_wait_screen "$(t finished)" 15
	ek_wait_says "$(t done_text)"
	ek_screen_says "$(t reminder)" || ek_fail "$L: no take-card reminder"

	ek_card_holds "$2" pin1 "$4" || ek_fail "$L: the card does not hold PIN1"
	ek_card_holds "$2" pin2 "$5" || ek_fail "$L: the card does not hold PIN2"
	ek_expect_eq "$L: card fully activated" "pin1=5/yes pin2=5/yes puk=5/yes" \
		"$(ek_card_codes "$2")"
	for code in "$3" "$4" "$5"; do
		if grep -qaF "$code" "$EK_TMP/tty.out" "$EK_TMP/kiosk.err"; then
			ek_fail "$L: code $code appeared in the terminal output or the log"
		fi
	done
	[ -s "$EK_TMP/tty.out" ] || ek_fail "$L: the terminal output was not recorded"

	# Card out, kiosk closed: the next run starts clean.
	ek_card_remove
	ek_wait_screen "$(t welcome)"
	kiosk_stop
}

# End the kiosk and its tmux server, and wait until both are gone, so that
# the next ek_kiosk_start gets a fresh server on the same socket.
kiosk_stop() {
	local kiosk server
	kiosk=$(ek_kiosk_pid)
	server=$(ek_pane_format '#{pid}')
	ek_tmux kill-server
	ek_wait_for "the kiosk to exit" 5 ek_gone "$kiosk"
	ek_wait_for "the tmux server to exit" 5 ek_gone "$server"
	rm -f "$EK_TMUX_SOCK"
}

ek_card_init suomi --start new --gen 2022 --puk 12345678
ek_card_init svensk --start new --gen 2025 --puk 7654321
activate "fi" suomi 12345678 4827 482713
activate sv svensk 7654321 93516 7391846
ek_end
