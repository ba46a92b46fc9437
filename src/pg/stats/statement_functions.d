src/pg/stats/statement_functions.o: src/pg/stats/statement_functions.cpp \
 src/pg/compat.h src/pg/sql_function.h src/pg/guard.h \
 src/pgquery/pgquery.h src/pg/settings.h src/pg/stats/store.h \
 src/core/stats/statement_counters.h src/core/stats/distinct_sketch.h \
 src/core/stats/latency_histogram.h src/core/stats/statement_key.h \
 src/core/stats/text_arena.h
src/pg/compat.h:
src/pg/sql_function.h:
src/pg/guard.h:
src/pgquery/pgquery.h:
src/pg/settings.h:
src/pg/stats/store.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/latency_histogram.h:
src/core/stats/statement_key.h:
src/core/stats/text_arena.h:
