src/pg/stats/constant_mask.o: src/pg/stats/constant_mask.cpp \
 src/pg/stats/constant_mask.h src/pg/compat.h
src/pg/stats/constant_mask.h:
src/pg/compat.h:
