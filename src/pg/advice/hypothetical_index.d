src/pg/advice/hypothetical_index.o: src/pg/advice/hypothetical_index.cpp \
 src/pg/advice/hypothetical_index.h src/pg/compat.h
src/pg/advice/hypothetical_index.h:
src/pg/compat.h:
