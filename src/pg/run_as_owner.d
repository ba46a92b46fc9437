src/pg/run_as_owner.o: src/pg/run_as_owner.cpp src/pg/run_as_owner.h \
 src/pg/compat.h src/pg/guard.h
src/pg/run_as_owner.h:
src/pg/compat.h:
src/pg/guard.h:
