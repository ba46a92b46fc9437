src/pg/module.o: src/pg/module.cpp src/pg/pool/activity_sampler.h \
 src/pg/compat.h src/core/pool/activity.h src/pg/stats/capture.h \
 src/pg/advice/hypothetical_index.h src/pg/stats/repeat_tracker.h \
 src/core/stats/statement_key.h src/pg/settings.h src/pg/stats/store.h \
 src/core/stats/statement_counters.h src/core/stats/distinct_sketch.h \
 src/core/stats/latency_histogram.h src/core/stats/text_arena.h
src/pg/pool/activity_sampler.h:
src/pg/compat.h:
src/core/pool/activity.h:
src/pg/stats/capture.h:
src/pg/advice/hypothetical_index.h:
src/pg/stats/repeat_tracker.h:
src/core/stats/statement_key.h:
src/pg/settings.h:
src/pg/stats/store.h:
src/core/stats/statement_counters.h:
src/core/stats/distinct_sketch.h:
src/core/stats/latency_histogram.h:
src/core/stats/text_arena.h:
