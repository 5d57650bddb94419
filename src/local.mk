# The kiosk binary: main.c wires the library's modules together.
bin_PROGRAMS += eidkiosk
eidkiosk_SOURCES = src/main.c
eidkiosk_LDADD = libeidkiosk.a $(LIBS_ALL)
