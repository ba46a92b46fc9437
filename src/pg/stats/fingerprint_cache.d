src/pg/stats/fingerprint_cache.o: src/pg/stats/fingerprint_cache.cpp \
 src/pg/stats/fingerprint_cache.h src/core/stats/statement_key.h \
 src/pg/compat.h
src/pg/stats/fingerprint_cache.h:
src/core/stats/statement_key.h:
src/pg/compat.h:
