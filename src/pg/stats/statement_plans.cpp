// Lock rules: one LWLock (tranche "pg_insights plans") guards the table:
// shared to read it, exclusive to add a call, a plan, evict or reset. Under
// it only plain copies and arithmetic: the plan is printed before it is
// taken. It is never held while another lock of pg_insights is taken. The
// table is a fixed array searched linearly, touched only by slow calls
// (≥ insights.slow_threshold_ms, 100 ms by default), the plan census (once
// per statement and backend after an index is created, plan_census.h) and
// readers.
#include "pg/stats/statement_plans.h"

#include "pg/guard.h"
#include "pg/shared_memory.h"
#include "pg/stats/fingerprint_cache.h"
#include "pg/stats/fixed_table.h"
#include "pg/stats/plan_shape.h"

extern "C" {
#include "access/parallel.h"
#include "access/xact.h"
#include "common/hashfn.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/lwlock.h"
#include "utils/memutils.h"
#include "commands/explain.h"
#include INSIGHTS_EXPLAIN_STATE_HEADER
#include INSIGHTS_EXPLAIN_FORMAT_HEADER
#include INSIGHTS_JUMBLE_HEADER
}

#include <cstring>

namespace insights::pg {
namespace {

constexpr const char* kTrancheName = "pg_insights plans";
constexpr const char* kAreaName = "pg_insights statement plans";  // pg_shmem_allocations, shared_memory.h

using PlanTable = FixedTable<StatementPlanRow, kMaxStatementPlans>;

PlanTable* table = nullptr;

bool same_key(const StatementKey& a, const StatementKey& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The statement's key, as capture.cpp's record() made it for this call
// just before (the fingerprint cache holds it). False when it is not
// there (the cache was dropped since): the plan is skipped, not guessed.
bool statement_key(const QueryDesc* query, bool toplevel, StatementKey* key) {
  const PlannedStmt* stmt = query->plannedstmt;
  std::uint64_t cache_key = stmt->queryId;
  if (cache_key == 0) {
    if (query->sourceText == nullptr) return false;
    int location = stmt->stmt_location;
    int length = stmt->stmt_len;
    const char* text = CleanQuerytext(query->sourceText, &location, &length);
    cache_key = hash_bytes_extended(reinterpret_cast<const unsigned char*>(text), length, 0);
  }
  CachedFingerprint fp;
  if (!fingerprint_cache_lookup(cache_key, &fp)) return false;
  *key = StatementKey::make(fp.fingerprint, fp.source, GetUserId(), MyDatabaseId, toplevel);
  return true;
}

StatementPlanRow* find(const StatementKey& key, std::uint64_t plan_id) {
  for (int i = 0; i < table->used; ++i)
    if (table->entries[i].plan_id == plan_id && same_key(table->entries[i].key, key)) return &table->entries[i];
  return nullptr;
}

void add_call(StatementPlanRow* e, double ms, TimestampTz now, bool census) {
  if (e->calls == 0 || ms < e->min_ms) e->min_ms = ms;
  if (e->calls == 0 || ms > e->max_ms) e->max_ms = ms;
  e->calls++;
  if (census) e->census_calls++;
  e->total_ms += ms;
  e->histogram.record(ms);
  e->last_seen = now;
}

// Exclusive lock held. Where a new plan of `key` goes: a free slot, else
// the statement's least recently seen plan when it has its share, else the
// least recently seen plan of any statement.
StatementPlanRow* slot_for(const StatementKey& key) {
  StatementPlanRow* own_oldest = nullptr;
  int own = 0;
  for (int i = 0; i < table->used; ++i) {
    StatementPlanRow& e = table->entries[i];
    if (!same_key(e.key, key)) continue;
    ++own;
    if (own_oldest == nullptr || e.last_seen < own_oldest->last_seen) own_oldest = &e;
  }
  if (own >= kPlansPerStatement) return own_oldest;  // the statement's own history, not an eviction
  if (table->used < kMaxStatementPlans) return &table->entries[table->used++];
  StatementPlanRow* oldest = &table->entries[0];
  for (int i = 1; i < table->used; ++i)
    if (table->entries[i].last_seen < oldest->last_seen) oldest = &table->entries[i];
  table->evictions++;
  return oldest;
}

struct Explained {
  QueryDesc* query;
  char* text;
  int length;
};

// EXPLAIN without ANALYZE of the plan tree that ran (its PlanState is still
// there): costs and estimates, nothing executed.
bool explain(void* arg) {
  auto* out = static_cast<Explained*>(arg);
  ExplainState* es = NewExplainState();
  es->analyze = false;
  es->costs = true;
  es->format = EXPLAIN_FORMAT_TEXT;
  ExplainBeginOutput(es);
  ExplainPrintPlan(es, out->query);
  ExplainEndOutput(es);
  while (es->str->len > 0 && es->str->data[es->str->len - 1] == '\n') es->str->data[--es->str->len] = '\0';
  out->text = es->str->data;
  out->length = es->str->len;
  return true;
}

// Prints the plan in a subtransaction, so that an error while printing (an
// output function, memory) is dropped instead of failing a statement that
// succeeded; a cancel is re-thrown. nullptr when it could not be printed.
Explained print_plan(QueryDesc* query) {
  Explained explained{query, nullptr, 0};
  ErrorData* error = pg_try_in_subtransaction(explain, &explained);
  if (error != nullptr) {
    if (error->sqlerrcode == ERRCODE_QUERY_CANCELED) ReThrowError(error);
    // The server log only (the capture path never messages a client), and
    // the SQLSTATE only: the error's text may hold a value of the call's.
    ereport(LOG_SERVER_ONLY, (errmsg("pg_insights: the plan of a statement could not be printed (SQLSTATE %s)",
                                     unpack_sql_state(error->sqlerrcode)),
                              errhidestmt(true)));
    FreeErrorData(error);
    explained.text = nullptr;
  }
  return explained;
}

}  // namespace

std::size_t statement_plans_shmem_size() { return fixed_table_bytes<PlanTable>(); }

void statement_plans_shmem_areas(SharedMemoryAreas* areas) {
  areas->add(kAreaName, statement_plans_shmem_size(), nullptr);
}

void statement_plans_request_shmem() { RequestNamedLWLockTranche(kTrancheName, 1); }

void statement_plans_startup_shmem() { table = fixed_table_attach<PlanTable>(kAreaName, kTrancheName); }

namespace {

// Whether a plan row takes this call: always for a slow call; for a census
// call, unless the row was seen since `census_since` (the index's creation:
// a slow call or another backend's census kept it then already), so that a
// plan counts at most one census call per index created.
bool takes_call(const StatementPlanRow* e, TimestampTz census_since) {
  return census_since == 0 || e->last_seen < census_since;
}

// keep_slow_plan() and keep_census_plan(); census_since is 0 for a slow
// call.
void keep_plan(QueryDesc* query, bool toplevel, TimestampTz census_since) {
  // Not for a utility statement (no plan), nor where a subtransaction
  // cannot start: inside a parallel operation, or a cursor's executor shut
  // down by an aborting transaction.
  if (table == nullptr || query->planstate == nullptr || query->plannedstmt->commandType == CMD_UTILITY ||
      !IsTransactionState() || IsInParallelMode())
    return;
  const double ms = query->totaltime->total * 1000.0;
  const bool census = census_since != 0;
  StatementKey key;
  if (!statement_key(query, toplevel, &key)) return;
  const std::uint64_t plan_id = plan_shape_id(query->plannedstmt);
  const TimestampTz now = GetCurrentTimestamp();

  LWLockAcquire(table->lock, LW_EXCLUSIVE);
  StatementPlanRow* known = find(key, plan_id);
  if (known != nullptr && takes_call(known, census_since)) add_call(known, ms, now, census);
  LWLockRelease(table->lock);
  if (known != nullptr) return;

  // A plan not seen yet: print it, in memory of its own.
  MemoryContext text_context = AllocSetContextCreate(CurrentMemoryContext, "pg_insights plan text",
                                                     ALLOCSET_DEFAULT_SIZES);
  MemoryContext caller = MemoryContextSwitchTo(text_context);
  const Explained explained = print_plan(query);
  MemoryContextSwitchTo(caller);
  if (explained.text != nullptr) {
    const int kept = explained.length >= kPlanTextBytes ? pg_mbcliplen(explained.text, explained.length,
                                                                       kPlanTextBytes - 1)
                                                        : explained.length;
    LWLockAcquire(table->lock, LW_EXCLUSIVE);
    StatementPlanRow* e = find(key, plan_id);  // another backend may have added it meanwhile
    if (e == nullptr) {
      e = slot_for(key);
      std::memset(e, 0, sizeof *e);
      e->key = key;
      e->plan_id = plan_id;
      e->first_seen = now;
      e->text_truncated = kept < explained.length;
      e->text_length = static_cast<std::uint32_t>(kept);
      std::memcpy(e->text, explained.text, kept);
      e->text[kept] = '\0';
      add_call(e, ms, now, census);
    } else if (takes_call(e, census_since)) {
      add_call(e, ms, now, census);
    }
    LWLockRelease(table->lock);
  }
  MemoryContextDelete(text_context);
}

}  // namespace

void keep_slow_plan(QueryDesc* query, bool toplevel) { keep_plan(query, toplevel, 0); }

void keep_census_plan(QueryDesc* query, bool toplevel, TimestampTz index_created_at) {
  // A creation time of 0 (2000-01-01) would read as a slow call.
  keep_plan(query, toplevel, index_created_at != 0 ? index_created_at : 1);
}

StatementPlanRow* statement_plans_snapshot(int* count) { return fixed_table_snapshot(table, count); }

void statement_plans_reset(bool all, std::uint64_t fingerprint) {
  fixed_table_reset(table, all,
                    [fingerprint](const StatementPlanRow& p) { return p.key.fingerprint == fingerprint; });
}

PlanStoreInfo statement_plans_info() { return fixed_table_info<PlanStoreInfo>(table); }

}  // namespace insights::pg
