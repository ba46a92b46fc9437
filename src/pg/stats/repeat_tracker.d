src/pg/stats/repeat_tracker.o: src/pg/stats/repeat_tracker.cpp \
 src/pg/stats/repeat_tracker.h src/core/stats/statement_key.h \
 src/pg/compat.h src/pg/settings.h src/pg/stats/store.h \
 src/core/stats/statement_counters.h src/core/stats/distinct_sketch.h \
 src/core/stats/latency_histogram.h src/core/stats/text_arena.h
src/pg/stats/repeat_tracker.h:
src/core/stats/statement_key.h:
src/pg/compat.h:
src/pg/settings.h:
src/pg/stats/store.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/latency_histogram.h:
src/core/stats/text_arena.h:
