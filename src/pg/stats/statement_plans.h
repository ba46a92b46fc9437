// The plans of slow calls: for a call at or over insights.slow_threshold_ms,
// the plan that ran, as EXPLAIN (no ANALYZE) prints it, under its plan id
// (plan_shape.h); per statement the most recent few plans, each with the
// calls kept under it, their mean and p95. Read by
// insights.statement_plans. The calls kept are the slow calls that ran the
// plan and the census calls (pg/advice/plan_census.h: after an index is
// created, one call of a statement whose plan scans it, fast or slow, at
// most one per plan and index), counted apart in census_calls.
//
// The plan is printed in ExecutorEnd, as auto_explain does, from the plan
// tree that ran, in the backend and as the role that ran it: nothing is
// planned or executed again, and a reader of the table runs nothing. A
// call under the threshold costs one comparison in capture.cpp and the
// census's atomic read. The text is printed once per new plan id; a known
// plan only adds to its counters.
#pragma once

#include <cstdint>

#include "core/stats/latency_histogram.h"
#include "core/stats/statement_key.h"
#include "pg/compat.h"

extern "C" {
#include "executor/execdesc.h"
#include "utils/timestamp.h"
}

namespace insights::pg {

// Fixed: this many plans in all, at most kPlansPerStatement per statement
// (its least recently seen makes room for a new one); when the table is
// full the plan seen least recently anywhere does (counted in evictions).
inline constexpr int kMaxStatementPlans = 500;
inline constexpr int kPlansPerStatement = 3;
inline constexpr int kPlanTextBytes = 4096;  // longer plans are cut

struct StatementPlanRow {
  StatementKey key;
  std::uint64_t plan_id;
  TimestampTz first_seen;
  TimestampTz last_seen;
  std::int64_t calls;         // calls kept: slow calls and census calls
  std::int64_t census_calls;  // of them, kept by the plan census
  double total_ms;
  double min_ms;
  double max_ms;
  LatencyHistogram histogram;
  bool text_truncated;
  std::uint32_t text_length;
  char text[kPlanTextBytes];
};

void statement_plans_request_shmem();
void statement_plans_startup_shmem();

// From ExecutorEnd, for a call at or over the threshold, before the
// executor's state is freed. May raise an ERROR only for a query cancel.
void keep_slow_plan(QueryDesc* query, bool toplevel);

// From the plan census, for a call (of any time) whose plan scans an index
// created at index_created_at: kept as a slow call's plan is, counted in
// calls and census_calls unless the row was seen since the index was
// created; not where a slow call's plan is not kept either (no transaction
// in progress, parallel mode). May raise an ERROR only for a query cancel.
void keep_census_plan(QueryDesc* query, bool toplevel, TimestampTz index_created_at);

// A palloc'd copy of every entry (taken under the shared lock); *count rows.
StatementPlanRow* statement_plans_snapshot(int* count);
void statement_plans_reset(bool all, std::uint64_t fingerprint);

struct PlanStoreInfo {
  int entries;
  std::int64_t evictions;
};
PlanStoreInfo statement_plans_info();
std::size_t statement_plans_shmem_size();
// Its area of shared memory (shared_memory.h): the table, of that size.
struct SharedMemoryAreas;
void statement_plans_shmem_areas(SharedMemoryAreas* areas);

}  // namespace insights::pg
