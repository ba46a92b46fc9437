src/pg/advice/what_if.o: src/pg/advice/what_if.cpp \
 src/pg/advice/what_if.h src/pg/compat.h
src/pg/advice/what_if.h:
src/pg/compat.h:
