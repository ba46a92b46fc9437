src/pg/pool/pool_advice.o: src/pg/pool/pool_advice.cpp \
 src/pg/pool/activity_sampler.h src/pg/compat.h src/core/pool/activity.h \
 src/pg/sql_function.h src/pg/guard.h src/core/stats/latency_histogram.h \
 src/core/pool/advice.h src/core/pool/model.h src/pg/settings.h \
 src/pg/stats/store.h src/core/stats/statement_counters.h \
 src/core/stats/distinct_sketch.h src/core/stats/statement_key.h \
 src/core/stats/text_arena.h
src/pg/pool/activity_sampler.h:
src/pg/compat.h:
src/core/pool/activity.h:
src/pg/sql_function.h:
src/pg/guard.h:
src/core/stats/latency_histogram.h:
src/core/pool/advice.h:
src/core/pool/model.h:
src/pg/settings.h:
src/pg/stats/store.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/statement_key.h:
src/core/stats/text_arena.h:
