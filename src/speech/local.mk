# src/speech: the kiosk's voice. eidkiosk-speech (espeak-ng, ALSA, the
# headset switch) runs as a child of the kiosk; speech.c in the library
# starts it and tells it what to say; narrator.c says each screen (what
# the screen drew, with what the ear needs) in speech mode.
libeidkiosk_a_SOURCES += src/speech/speech.c src/speech/narrator.c

pkglibexec_PROGRAMS = eidkiosk-speech
eidkiosk_speech_SOURCES = src/speech/speaker.c src/speech/sink.c \
	src/speech/sink.h src/speech/jack.c src/speech/jack.h src/cause.c
eidkiosk_speech_CFLAGS = $(AM_CFLAGS) $(ESPEAK_CFLAGS) $(ALSA_CFLAGS)
eidkiosk_speech_LDADD = $(ESPEAK_LIBS) $(ALSA_LIBS)
