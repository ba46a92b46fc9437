src/pg/stats/capture.o: src/pg/stats/capture.cpp src/pg/stats/capture.h \
 src/pg/stats/constant_mask.h src/pg/compat.h \
 src/pg/stats/fingerprint_cache.h src/core/stats/statement_key.h \
 src/core/fnv1a.h src/core/stats/literal_hash.h src/pgquery/pgquery.h \
 src/pg/stats/repeat_tracker.h src/pg/settings.h \
 src/core/stats/statement_sample.h src/pg/stats/store.h \
 src/core/stats/statement_counters.h src/core/stats/distinct_sketch.h \
 src/core/stats/latency_histogram.h src/core/stats/text_arena.h
src/pg/stats/capture.h:
src/pg/stats/constant_mask.h:
src/pg/compat.h:
src/pg/stats/fingerprint_cache.h:
src/core/stats/statement_key.h:
src/core/fnv1a.h:
src/core/stats/literal_hash.h:
src/pgquery/pgquery.h:
src/pg/stats/repeat_tracker.h:
src/pg/settings.h:
src/core/stats/statement_sample.h:
src/pg/stats/store.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/latency_histogram.h:
src/core/stats/text_arena.h:
