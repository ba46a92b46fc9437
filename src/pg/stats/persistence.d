src/pg/stats/persistence.o: src/pg/stats/persistence.cpp \
 src/pg/stats/persistence.h src/pg/stats/store.h src/pg/compat.h \
 src/core/stats/statement_counters.h src/core/stats/distinct_sketch.h \
 src/core/stats/latency_histogram.h src/core/stats/statement_key.h \
 src/core/stats/text_arena.h src/pg/settings.h
src/pg/stats/persistence.h:
src/pg/stats/store.h:
src/pg/compat.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/latency_histogram.h:
src/core/stats/statement_key.h:
src/core/stats/text_arena.h:
src/pg/settings.h:
