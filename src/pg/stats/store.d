src/pg/stats/store.o: src/pg/stats/store.cpp src/pg/stats/store.h \
 src/pg/compat.h src/core/stats/statement_counters.h \
 src/core/stats/distinct_sketch.h src/core/stats/latency_histogram.h \
 src/core/stats/statement_key.h src/core/stats/text_arena.h \
 src/pg/stats/persistence.h src/core/stats/eviction.h src/pg/settings.h
src/pg/stats/store.h:
src/pg/compat.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/latency_histogram.h:
src/core/stats/statement_key.h:
src/core/stats/text_arena.h:
src/pg/stats/persistence.h:
src/core/stats/eviction.h:
src/pg/settings.h:
