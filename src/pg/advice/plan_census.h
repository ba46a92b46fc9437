// The plan census: after an index is created, each backend keeps, once per
// statement, the plan of a call that scans it, fast or slow. Plans are
// otherwise kept for slow calls only (statement_plans.h), and
// insights.advice_outcomes() links a statement to an index by a kept plan
// naming it: without the census, a lookup that the index made fast would
// never be linked (its slow plan before is kept, its fast plan after never).
//
// How: a CREATE INDEX noted by the utility hook (index_outcomes.h) bumps a
// generation counter in shared memory when its transaction commits. Each
// backend's fingerprint cache remembers, per statement, the generation it
// last took the census in. ExecutorEnd, for a call under the slow
// threshold, reads the counter (one atomic read, no lock): 0 (no index
// created since the server started) ends there; otherwise the statement's
// generation is compared with it (one compare in the fingerprint cache's
// front slot). Only a statement whose generation is behind goes further:
//  - a plan that scans an index noted in this database (index scan,
//    index-only scan, bitmap index scan) is kept (keep_census_plan(): the
//    same plan id and EXPLAIN text as a slow call's), then the statement is
//    up to date;
//  - a plan that reads none of the noted indexes' tables is up to date at
//    once; one that reads such a table without scanning the index is up to
//    date only for a statement that began a second or more after the
//    commit: before that, its plan may predate the index (planned before
//    the commit's invalidation reached this backend, or still running).
// A statement not yet in the fingerprint cache (counted as pending: up to
// its fourth call, capture.cpp's kFingerprintAtCalls) or without a query
// id (compute_query_id off) takes no census.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pg/stats/fingerprint_cache.h"

extern "C" {
#include "postgres.h"

#include "executor/execdesc.h"
#include "port/atomics.h"
}

namespace insights::pg {

// Never null: points at a zero until shared memory is attached.
extern pg_atomic_uint32* plan_census_generation;

// Shared memory (16 bytes), listed and attached with the noted indexes'.
struct SharedMemoryAreas;
void plan_census_shmem_areas(SharedMemoryAreas* areas);
void plan_census_startup_shmem();

// From note_created_index(): the current transaction noted an index. The
// generation moves when it commits (nothing when it aborts).
void plan_census_index_noted();

// Out of line: the census proper, for a statement whose generation may be
// behind `generation` (non-zero): not in the front slot, or behind.
void take_plan_census(QueryDesc* query, bool toplevel, std::uint32_t generation);

// From ExecutorEnd, for a call under insights.slow_threshold_ms (a slow
// call keeps its plan anyway). May raise an ERROR only for a query cancel.
inline void plan_census(QueryDesc* query, bool toplevel) {
  const std::uint32_t generation = pg_atomic_read_u32(plan_census_generation);
  if (generation != 0 &&
      !fingerprint_census_current(static_cast<std::uint64_t>(query->plannedstmt->queryId), generation))
    take_plan_census(query, toplevel, generation);
}

}  // namespace insights::pg
