# card service: PC/SC thread, whole card operations, --card-info
libeidkiosk_a_SOURCES += src/card/pcsc.c src/card/pcsc_thread.c \
	src/card/pcsc_io.c src/card/pcsc_int.h src/card/card_ops.c \
	src/card/cardinfo_cmd.c src/card/card_wait.c
