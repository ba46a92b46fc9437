// The plan census (plan_census.h).
//
// Lock rules: none of our own. The generation is an atomic, written by a
// committing backend after the commit time (a full barrier between them),
// read by every backend without a lock, then the time after a read
// barrier. The noted indexes are copied out by noted_indexes_snapshot()
// (its spinlock), once per generation per backend. The plan is kept by
// statement_plans.cpp (its lock rules).
#include "pg/advice/plan_census.h"

#include "pg/advice/index_outcomes.h"
#include "pg/shared_memory.h"
#include "pg/stats/fingerprint_cache.h"
#include "pg/stats/plan_shape.h"
#include "pg/stats/statement_plans.h"

extern "C" {
#include "access/xact.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/timestamp.h"
}

namespace insights::pg {
namespace {

struct CensusState {
  pg_atomic_uint32 generation;    // commits of transactions that noted an index; 0: none yet
  pg_atomic_uint64 committed_at;  // TimestampTz of the latest of them
};

pg_atomic_uint32 no_census;  // zero: what plan_census_generation points at before shared memory
CensusState* state = nullptr;

// A plan that reads a noted index's table without scanning the index is
// taken as the plan after it only for a statement that began this long
// after the commit (the invalidation that makes a backend plan again is
// sent right after the commit; a statement already running keeps its plan).
constexpr TimestampTz kSettleMicroseconds = 1000 * 1000;

// This backend: whether its transaction noted an index, and whether the
// commit callback is registered (once, on the first index noted: other
// backends pay no callback per transaction).
bool noted_in_transaction = false;
bool callback_registered = false;

void census_xact_callback(XactEvent event, void*) {
  if (!noted_in_transaction) return;  // every transaction of this backend from its first index on
  if (event == XACT_EVENT_COMMIT && state != nullptr) {
    pg_atomic_write_u64(&state->committed_at, static_cast<std::uint64_t>(GetCurrentTimestamp()));
    pg_atomic_fetch_add_u32(&state->generation, 1);  // a full barrier: the time is there first
  }
  if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PREPARE ||
      event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT)
    noted_in_transaction = false;
}

// This backend's copy of the noted indexes of its database, taken when the
// generation it last saw moved.
struct NotedRef {
  Oid index_oid;
  Oid table_oid;
  TimestampTz created_at;
};
NotedRef noted[kMaxNotedIndexes];
int noted_count = 0;
std::uint32_t noted_generation = 0;
TimestampTz noted_committed_at = 0;

void refresh_noted(std::uint32_t generation) {
  if (noted_generation == generation) return;
  pg_read_barrier();
  const auto committed_at = static_cast<TimestampTz>(pg_atomic_read_u64(&state->committed_at));
  int count = 0;
  NotedIndex* rows = noted_indexes_snapshot(&count);
  noted_count = 0;
  for (int k = 0; k < count; ++k)
    if (rows[k].database_oid == MyDatabaseId)
      noted[noted_count++] = NotedRef{rows[k].index_oid, rows[k].table_oid, rows[k].created_at};
  pfree(rows);
  noted_generation = generation;
  noted_committed_at = committed_at;
}

// The census of one statement, whose generation is behind: true when it is
// up to date afterwards.
bool census_of(QueryDesc* query, bool toplevel) {
  const PlannedStmt* stmt = query->plannedstmt;
  Oid candidates[kMaxNotedIndexes];
  TimestampTz created[kMaxNotedIndexes];
  int count = 0;
  for (int k = 0; k < noted_count; ++k)
    if (list_member_oid(stmt->relationOids, noted[k].table_oid)) {
      candidates[count] = noted[k].index_oid;
      created[count++] = noted[k].created_at;
    }
  if (count == 0) return true;
  const int scanned = plan_scans_index(stmt, candidates, count);
  // Kept or not (a plan that could not be printed is logged), once.
  if (scanned >= 0) {
    keep_census_plan(query, toplevel, created[scanned]);
    return true;
  }
  return GetCurrentStatementStartTimestamp() >= noted_committed_at + kSettleMicroseconds;
}

}  // namespace

pg_atomic_uint32* plan_census_generation = &no_census;

constexpr const char* kAreaName = "pg_insights plan census";  // pg_shmem_allocations, shared_memory.h

void plan_census_shmem_areas(SharedMemoryAreas* areas) { areas->add(kAreaName, MAXALIGN(sizeof(CensusState)), nullptr); }

void plan_census_startup_shmem() {
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  state = static_cast<CensusState*>(ShmemInitStruct(kAreaName, sizeof(CensusState), &found));
  if (!found) {
    pg_atomic_init_u32(&state->generation, 0);
    pg_atomic_init_u64(&state->committed_at, 0);
  }
  LWLockRelease(AddinShmemInitLock);
  plan_census_generation = &state->generation;
}

void plan_census_index_noted() {
  if (state == nullptr) return;
  if (!callback_registered) {
    RegisterXactCallback(census_xact_callback, nullptr);
    callback_registered = true;
  }
  noted_in_transaction = true;
}

void take_plan_census(QueryDesc* query, bool toplevel, std::uint32_t generation) {
  const std::uint64_t query_id = static_cast<std::uint64_t>(query->plannedstmt->queryId);
  std::uint32_t seen = 0;
  if (query_id == 0 || !fingerprint_cache_census(query_id, &seen) || seen == generation) return;
  refresh_noted(generation);
  if (census_of(query, toplevel)) fingerprint_cache_set_census(query_id, generation);
}

}  // namespace insights::pg
