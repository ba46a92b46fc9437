// insights.pool_advice(app_instances, workers_per_instance, window): the
// sampler's ring and the statement store, summarized by the pool model
// (src/core/pool), as rows of target / setting / current / recommended /
// rationale.
//
// Data is gathered C-style (palloc, no C++ objects) and then handed to the
// core under run_guarded(); PostgreSQL calls from C++ go through pg_call().
#include <string>
#include <vector>

#include <unistd.h>

#include "core/pool/advice.h"
#include "core/pool/model.h"
#include "core/stats/latency_histogram.h"
#include "pg/compat.h"
#include "pg/guard.h"
#include "pg/pool/activity_sampler.h"
#include "pg/settings.h"
#include "pg/sql_function.h"
#include "pg/stats/store.h"

extern "C" {
#include "catalog/pg_authid.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/postmaster.h"
#include "storage/bufmgr.h"
#include "storage/proc.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/backend_status.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

namespace insights::pg {
namespace {

struct RoleTotals {
  Oid userid;
  std::uint64_t calls;
  double min_ms, max_ms;
  LatencyHistogram latency;
};

struct StoreTotals {
  std::uint64_t calls, distinct_statements, temp_blks_written, spilling_calls, hits, reads;
  double total_ms;
  int role_count, role_capacity;
  RoleTotals* roles;
  Oid only_user;  // InvalidOid: every role
};

void add_statement(const EntrySnapshot& s, void* arg) {
  // Top-level statements only: a nested statement's time is already part of
  // the statement that called it.
  if (!s.key.toplevel) return;
  auto* t = static_cast<StoreTotals*>(arg);
  const StatementCounters& c = s.counters;
  t->calls += static_cast<std::uint64_t>(c.calls);
  t->total_ms += c.total_ms;
  t->distinct_statements++;
  t->temp_blks_written += static_cast<std::uint64_t>(c.blocks.temp_blks_written);
  if (c.blocks.temp_blks_written > 0) t->spilling_calls += static_cast<std::uint64_t>(c.calls);
  t->hits += static_cast<std::uint64_t>(c.blocks.shared_blks_hit);
  t->reads += static_cast<std::uint64_t>(c.blocks.shared_blks_read);
  if (OidIsValid(t->only_user) && s.key.userid != t->only_user) return;
  RoleTotals* role = nullptr;
  for (int i = 0; i < t->role_count; ++i)
    if (t->roles[i].userid == s.key.userid) role = &t->roles[i];
  if (role == nullptr) {
    if (t->role_count == t->role_capacity) {
      t->role_capacity *= 2;
      t->roles = static_cast<RoleTotals*>(repalloc(t->roles, sizeof(RoleTotals) * t->role_capacity));
    }
    role = &t->roles[t->role_count++];
    memset(role, 0, sizeof *role);
    role->userid = s.key.userid;
    role->min_ms = c.min_ms;
  }
  role->calls += static_cast<std::uint64_t>(c.calls);
  role->min_ms = std::min(role->min_ms, c.min_ms);
  role->max_ms = std::max(role->max_ms, c.max_ms);
  role->latency.merge(c.latency);
}

int client_connections_now() {
  int count = 0;
  const int n = pgstat_fetch_stat_numbackends();
  for (int i = 1; i <= n; ++i) {
    LocalPgBackendStatus* local = compat_local_beentry(i);
    if (local != nullptr && local->backendStatus.st_backendType == B_BACKEND) ++count;
  }
  return count;
}

pool::ServerFacts server_facts() {
  pool::ServerFacts f;
  f.cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  f.total_ram_bytes = pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) * page_size : 0;
  f.max_connections = MaxConnections;
  f.superuser_reserved_connections = compat_superuser_reserved_connections();
  f.reserved_connections = compat_reserved_connections();
  f.shared_buffers_bytes = static_cast<std::uint64_t>(NBuffers) * BLCKSZ;
  f.work_mem_kb = work_mem;
  f.statement_timeout_ms = StatementTimeout;
  f.idle_in_transaction_session_timeout_ms = IdleInTransactionSessionTimeout;
  f.idle_session_timeout_ms = IdleSessionTimeout;
  f.sample_interval_ms = settings.sample_interval_ms;
  f.block_size = BLCKSZ;
  return f;
}

double interval_seconds(const Interval* span) {
  return span->time / static_cast<double>(USECS_PER_SEC) + span->day * static_cast<double>(SECS_PER_DAY) +
         span->month * static_cast<double>(DAYS_PER_MONTH) * SECS_PER_DAY;
}

// The rationale names the client groups it counted: a client address the
// caller may not see (activity_group_name_visible(), pg_stat_activity's
// rule) becomes "<hidden client address N>" before the model sees it. Equal
// addresses get the same N, so the number of distinct groups — public, like
// pg_stat_activity's rows — and hence the advice do not depend on the caller.
void hide_group_names(pool::GroupActivity* groups, int count) {
  int* number = static_cast<int*>(palloc0(sizeof(int) * (count + 1)));
  int next = 0;
  for (int i = 0; i < count; ++i) {
    if (activity_group_name_visible(groups[i])) continue;
    for (int j = 0; j < i && number[i] == 0; ++j)
      if (number[j] > 0 && strncmp(groups[j].name, groups[i].name, sizeof groups[i].name) == 0) number[i] = number[j];
    if (number[i] == 0) number[i] = ++next;
  }
  for (int i = 0; i < count; ++i)
    if (number[i] > 0) snprintf(groups[i].name, sizeof groups[i].name, "<hidden client address %d>", number[i]);
  pfree(number);
}

constexpr int kPoolAdviceColumns = 5;

void emit(ReturnSetInfo* rsinfo, const pool::AdviceRow& row) {
  Datum values[kPoolAdviceColumns];
  bool nulls[kPoolAdviceColumns] = {};
  values[0] = CStringGetTextDatum(row.target.c_str());
  values[1] = CStringGetTextDatum(row.setting.c_str());
  if (row.current_value)
    values[2] = CStringGetTextDatum(row.current_value->c_str());
  else
    nulls[2] = true;
  if (row.recommended_value)
    values[3] = CStringGetTextDatum(row.recommended_value->c_str());
  else
    nulls[3] = true;
  values[4] = CStringGetTextDatum(row.rationale.c_str());
  tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

}  // namespace
}  // namespace insights::pg

using namespace insights;
using namespace insights::pg;

INSIGHTS_SQL_FUNCTION(insights_pool_advice) {
  store_require();
  // Arguments: checked before anything is gathered.
  const bool instances_given = !PG_ARGISNULL(0);
  const int32 app_instances = instances_given ? PG_GETARG_INT32(0) : 0;
  if (instances_given && app_instances <= 0)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("app_instances must be a positive number of application instances, not %d", app_instances)));
  if (PG_ARGISNULL(1) || PG_GETARG_INT32(1) <= 0)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("workers_per_instance must be a positive number of pools per instance")));
  const int32 workers = PG_GETARG_INT32(1);
  if (PG_ARGISNULL(2)) ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("window must not be NULL")));
  const double window_seconds = interval_seconds(PG_GETARG_INTERVAL_P(2));
  if (window_seconds * 1000.0 < settings.sample_interval_ms)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("window must be at least the sample interval (insights.sample_interval_ms = %d ms)",
                           settings.sample_interval_ms)));

  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kPoolAdviceColumns);

  auto* seconds = static_cast<pool::SecondSummary*>(palloc(sizeof(pool::SecondSummary) * kActivityRingSeconds));
  const int second_count = activity_copy_seconds(seconds, kActivityRingSeconds);
  auto* groups = static_cast<pool::GroupActivity*>(palloc(sizeof(pool::GroupActivity) * kMaxClientGroups));
  const int group_count = activity_copy_groups(groups, kMaxClientGroups);
  hide_group_names(groups, group_count);

  // Per-role latency is another user's information: only for those who may
  // read other users' statistics; others see their own role.
  StoreTotals totals;
  memset(&totals, 0, sizeof totals);
  totals.role_capacity = 8;
  totals.roles = static_cast<RoleTotals*>(palloc(sizeof(RoleTotals) * totals.role_capacity));
  totals.only_user = has_privs_of_role(GetUserId(), ROLE_PG_READ_ALL_STATS) ? InvalidOid : GetUserId();
  store_scan(add_statement, &totals);
  const TimestampTz now = GetCurrentTimestamp();
  const double elapsed = (now - store_stats_since()) / static_cast<double>(USECS_PER_SEC);
  // The current second is still being sampled: the window ends with the
  // last complete one, so a 60-second window holds 60 sampled seconds.
  const std::int64_t now_epoch = static_cast<std::int64_t>(timestamptz_to_time_t(now)) - 1;
  char** role_names = static_cast<char**>(palloc(sizeof(char*) * (totals.role_count + 1)));
  for (int i = 0; i < totals.role_count; ++i) role_names[i] = GetUserNameFromId(totals.roles[i].userid, true);
  pool::ServerFacts server = server_facts();
  server.client_connections = client_connections_now();

  return run_guarded([&]() -> Datum {
    const std::vector<pool::SecondSummary> ring(seconds, seconds + second_count);
    const std::vector<pool::GroupActivity> group_list(groups, groups + group_count);
    const pool::WindowActivity activity = pool::summarize(ring, now_epoch, window_seconds);
    const pool::InstanceEstimate instances = pool::infer_instances(group_list, now_epoch, window_seconds);

    pool::WorkloadFacts workload;
    workload.calls = totals.calls;
    workload.total_ms = totals.total_ms;
    workload.elapsed_seconds = elapsed;
    workload.distinct_statements = totals.distinct_statements;
    workload.temp_blks_written = totals.temp_blks_written;
    workload.spilling_calls = totals.spilling_calls;
    workload.shared_blks_hit = totals.hits;
    workload.shared_blks_read = totals.reads;
    for (int i = 0; i < totals.role_count; ++i) {
      const RoleTotals& r = totals.roles[i];
      if (role_names[i] == nullptr) continue;  // dropped role
      workload.roles.push_back(
          pool::RoleLatency{role_names[i], r.calls, r.latency.quantile(0.99, r.min_ms, r.max_ms), r.max_ms});
    }

    pool::AdviceRequest request;
    if (instances_given) request.app_instances = app_instances;
    request.workers_per_instance = workers;
    for (const pool::AdviceRow& row : pool::advise(activity, instances, workload, server, request))
      pg_call([&] { emit(rsinfo, row); });
    return static_cast<Datum>(0);
  });
}
