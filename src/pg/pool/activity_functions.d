src/pg/pool/activity_functions.o: src/pg/pool/activity_functions.cpp \
 src/pg/pool/activity_sampler.h src/pg/compat.h src/core/pool/activity.h \
 src/pg/sql_function.h src/pg/guard.h src/pg/stats/store.h \
 src/core/stats/statement_counters.h src/core/stats/distinct_sketch.h \
 src/core/stats/latency_histogram.h src/core/stats/statement_key.h \
 src/core/stats/text_arena.h
src/pg/pool/activity_sampler.h:
src/pg/compat.h:
src/core/pool/activity.h:
src/pg/sql_function.h:
src/pg/guard.h:
src/pg/stats/store.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/latency_histogram.h:
src/core/stats/statement_key.h:
src/core/stats/text_arena.h:
