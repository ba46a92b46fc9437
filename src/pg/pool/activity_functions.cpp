// SQL functions over the activity sampler: the rows behind the views
// insights.activity (one row per second) and insights.activity_groups, and
// the superuser-only insights.inject_activity() / insights.reset_activity().
//
// activity_groups shows a group named by client address as
// "<insufficient privilege>" to a caller that pg_stat_activity would not
// show that address to (activity_group_name_visible()); the group's numbers
// stay visible, as pg_stat_activity's rows do.
#include "pg/pool/activity_sampler.h"
#include "pg/sql_function.h"
#include "pg/stats/store.h"

extern "C" {
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "postmaster/postmaster.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

using namespace insights;
using namespace insights::pg;

namespace {

TimestampTz from_epoch(std::int64_t epoch_second) {
  return time_t_to_timestamptz(static_cast<pg_time_t>(epoch_second));
}

std::int64_t to_epoch(TimestampTz t) { return static_cast<std::int64_t>(timestamptz_to_time_t(t)); }

}  // namespace

// Columns of insights.activity and insights.activity_groups.
constexpr int kActivityColumns = 3 + pool::kStateCount + 4;
constexpr int kGroupColumns = 9;

INSIGHTS_SQL_FUNCTION(insights_activity) {
  store_require();
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kActivityColumns);
  auto* seconds = static_cast<pool::SecondSummary*>(palloc(sizeof(pool::SecondSummary) * kActivityRingSeconds));
  const int n = activity_copy_seconds(seconds, kActivityRingSeconds);
  for (int i = 0; i < n; ++i) {
    const pool::SecondSummary& s = seconds[i];
    Datum values[kActivityColumns];
    bool nulls[kActivityColumns] = {};
    const double samples = s.samples > 0 ? s.samples : 1;
    double active = 0;
    for (int k = 0; k < pool::kStateCount; ++k)
      if (pool::is_active(static_cast<pool::BackendState>(k))) active += s.state_sum[k] / samples;
    int c = 0;
    values[c++] = TimestampTzGetDatum(from_epoch(s.epoch_second));
    values[c++] = Int64GetDatum(static_cast<int64>(s.samples));
    values[c++] = Float8GetDatum(active);
    for (int k = 0; k < pool::kStateCount; ++k) values[c++] = Float8GetDatum(s.state_sum[k] / samples);
    values[c++] = Int32GetDatum(static_cast<int32>(s.max_active));
    values[c++] = Int32GetDatum(static_cast<int32>(s.max_idle_in_transaction));
    values[c++] = Int32GetDatum(static_cast<int32>(s.max_connections));
    values[c++] = Int64GetDatum(static_cast<int64>(s.longest_idle_in_transaction_ms));
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
  }
  return static_cast<Datum>(0);
}

INSIGHTS_SQL_FUNCTION(insights_activity_groups) {
  store_require();
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kGroupColumns);
  auto* groups = static_cast<pool::GroupActivity*>(palloc(sizeof(pool::GroupActivity) * kMaxClientGroups));
  const int n = activity_copy_groups(groups, kMaxClientGroups);
  for (int i = 0; i < n; ++i) {
    const pool::GroupActivity& g = groups[i];
    Datum values[kGroupColumns];
    bool nulls[kGroupColumns] = {};
    const double samples = g.samples > 0 ? static_cast<double>(g.samples) : 1.0;
    values[0] = ObjectIdGetDatum(g.dbid);
    values[1] = CStringGetTextDatum(activity_group_name_visible(g) ? g.name : "<insufficient privilege>");
    values[2] = TimestampTzGetDatum(from_epoch(g.first_seen_epoch));
    values[3] = TimestampTzGetDatum(from_epoch(g.last_seen_epoch));
    values[4] = Int64GetDatum(static_cast<int64>(g.samples));
    values[5] = Float8GetDatum(g.active_sum / samples);
    values[6] = Float8GetDatum(g.connection_sum / samples);
    values[7] = Int32GetDatum(static_cast<int32>(g.max_active));
    values[8] = Int32GetDatum(static_cast<int32>(g.max_connections));
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
  }
  return static_cast<Datum>(0);
}

// inject_activity(at timestamptz, states int[8], samples int, longest_idle_in_transaction_ms int)
//
// Every argument is checked against what the ring can hold: a second after
// the Unix epoch (the ring is indexed by it, and 0 marks an empty slot), at
// most MAX_BACKENDS backends, at most kMaxSamplesPerSecond samples per
// second. Within those bounds no sum in the ring can wrap.
INSIGHTS_SQL_FUNCTION(insights_inject_activity) {
  store_require();
  const TimestampTz at = PG_GETARG_TIMESTAMPTZ(0);
  ArrayType* states = PG_GETARG_ARRAYTYPE_P(1);
  const int32 samples = PG_GETARG_INT32(2);
  const int32 longest = PG_GETARG_INT32(3);
  if (TIMESTAMP_NOT_FINITE(at) || to_epoch(at) <= 0)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("at must be a finite time after 1970-01-01 00:00:00+00")));
  Datum* elems;
  bool* elem_nulls;
  int count;
  deconstruct_array(states, INT4OID, sizeof(int32), true, TYPALIGN_INT, &elems, &elem_nulls, &count);
  if (count != pool::kStateCount || ARR_NDIM(states) != 1)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("states must have %d entries: active_cpu, active_io, active_lock, active_lwlock, "
                           "active_client, active_other, idle_in_transaction, idle",
                           pool::kStateCount)));
  if (samples < 1 || static_cast<std::uint32_t>(samples) > kMaxSamplesPerSecond)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("samples must be between 1 and %u", kMaxSamplesPerSecond)));
  if (longest < 0)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("longest_idle_in_transaction_ms must not be negative")));
  std::uint32_t counts[pool::kStateCount];
  std::int64_t total = 0;
  for (int k = 0; k < pool::kStateCount; ++k) {
    if (elem_nulls[k])
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("state counts must not be NULL")));
    const int32 v = DatumGetInt32(elems[k]);
    if (v < 0 || v > static_cast<int32>(MAX_BACKENDS))
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("state counts must be between 0 and %d (MAX_BACKENDS)", static_cast<int>(MAX_BACKENDS))));
    counts[k] = static_cast<std::uint32_t>(v);
    total += v;
  }
  if (total > MAX_BACKENDS)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("state counts must add up to at most %d backends (MAX_BACKENDS), not " INT64_FORMAT,
                           MAX_BACKENDS, static_cast<int64>(total))));
  std::uint32_t held = 0;
  if (!activity_inject(to_epoch(at), counts, static_cast<std::uint32_t>(samples), static_cast<std::uint32_t>(longest),
                       &held))
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("that second already holds %u samples; it can hold at most %u", held,
                           kMaxSamplesPerSecond)));
  PG_RETURN_VOID();
}

INSIGHTS_SQL_FUNCTION(insights_reset_activity) {
  store_require();
  activity_reset();
  PG_RETURN_VOID();
}
