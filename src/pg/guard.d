src/pg/guard.o: src/pg/guard.cpp src/pg/guard.h src/pg/compat.h
src/pg/guard.h:
src/pg/compat.h:
