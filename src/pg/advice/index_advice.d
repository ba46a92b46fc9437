src/pg/advice/index_advice.o: src/pg/advice/index_advice.cpp \
 src/pg/advice/access_extractor.h src/pg/compat.h \
 src/core/advice/access.h src/core/advice/candidates.h \
 src/core/advice/selection.h src/pg/guard.h \
 src/pg/advice/hypothetical_index.h src/pgquery/pgquery.h \
 src/pg/run_as_owner.h src/pg/settings.h \
 src/core/stats/statement_sample.h src/pg/stats/store.h \
 src/core/stats/statement_counters.h src/core/stats/distinct_sketch.h \
 src/core/stats/latency_histogram.h src/core/stats/statement_key.h \
 src/core/stats/text_arena.h src/pg/advice/table_catalog.h \
 src/pg/advice/what_if.h
src/pg/advice/access_extractor.h:
src/pg/compat.h:
src/core/advice/access.h:
src/core/advice/candidates.h:
src/core/advice/selection.h:
src/pg/guard.h:
src/pg/advice/hypothetical_index.h:
src/pgquery/pgquery.h:
src/pg/run_as_owner.h:
src/pg/settings.h:
src/core/stats/statement_sample.h:
src/pg/stats/store.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/latency_histogram.h:
src/core/stats/statement_key.h:
src/core/stats/text_arena.h:
src/pg/advice/table_catalog.h:
src/pg/advice/what_if.h:
