// SQL functions over the statement history and the wait profile: the rows
// of insights.statement_history(), insights.history, insights.statement_waits
// and insights.regressions() (sql/install/50_history.sql).
//
// Visibility: as insights.statements, every role sees every statement's
// numbers (no text is shown here; regressions() takes its texts from the
// statements view, which hides other roles' texts). Rows of every user and
// database of a fingerprint are summed: their histograms add up.
//
// PostgreSQL-style: C data only (the core calls are pure, noexcept and
// allocate nothing). The history is copied out under its lock first.
#include "core/stats/regression.h"
#include "pg/settings.h"
#include "pg/sql_function.h"
#include "pg/stats/history.h"
#include "pg/stats/store.h"

extern "C" {
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
#include "utils/wait_event.h"
}

#include <cstdlib>
#include <cstring>

using namespace insights;
using namespace insights::pg;

namespace {

int compare_rows(const void* a, const void* b) {
  const auto* x = static_cast<const HistoryRow*>(a);
  const auto* y = static_cast<const HistoryRow*>(b);
  if (x->key.fingerprint != y->key.fingerprint) return x->key.fingerprint < y->key.fingerprint ? -1 : 1;
  if (x->bucket_start != y->bucket_start) return x->bucket_start < y->bucket_start ? -1 : 1;
  return 0;
}

// Sorts the rows by (fingerprint, bucket) and sums each (fingerprint,
// bucket)'s rows into the first of them; returns how many remain (in place).
int merge_by_fingerprint_and_bucket(HistoryRow* rows, int n) {
  if (n == 0) return 0;
  qsort(rows, n, sizeof(HistoryRow), compare_rows);
  int out = 0;
  for (int i = 1; i < n; ++i) {
    HistoryRow& into = rows[out];
    if (compare_rows(&rows[i], &into) == 0) {
      HistoryDelta& d = into.delta;
      const HistoryDelta& e = rows[i].delta;
      d.calls += e.calls;
      d.slow_calls += e.slow_calls;
      d.rows += e.rows;
      d.total_ms += e.total_ms;
      d.shared_blks_hit += e.shared_blks_hit;
      d.shared_blks_read += e.shared_blks_read;
      d.latency.merge(e.latency);
      for (int k = 0; k < kWaitClasses; ++k) d.wait_samples[k] += e.wait_samples[k];
    } else {
      rows[++out] = rows[i];
    }
  }
  return out + 1;
}

constexpr int kHistoryColumns = 10;

// Rows of statement_history() and the history view: buckets where the
// statement was called (a bucket with wait samples only has no latency).
void emit_history(ReturnSetInfo* rsinfo, HistoryRow* rows, int n) {
  n = merge_by_fingerprint_and_bucket(rows, n);
  for (int i = 0; i < n; ++i) {
    const HistoryDelta& d = rows[i].delta;
    if (d.calls == 0) continue;
    Datum values[kHistoryColumns];
    bool nulls[kHistoryColumns] = {};
    int c = 0;
    values[c++] = CStringGetTextDatum(format_fingerprint(rows[i].key.fingerprint).data());
    values[c++] = TimestampTzGetDatum(rows[i].bucket_start);
    values[c++] = Int64GetDatum(static_cast<int64>(d.calls));
    values[c++] = Float8GetDatum(d.total_ms);
    values[c++] = Float8GetDatum(d.total_ms / d.calls);
    values[c++] = Float8GetDatum(d.p95_ms());
    values[c++] = Int64GetDatum(d.rows);
    values[c++] = Int64GetDatum(static_cast<int64>(d.slow_calls));
    values[c++] = Int64GetDatum(d.shared_blks_hit);
    values[c++] = Int64GetDatum(d.shared_blks_read);
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
  }
}

std::uint64_t fingerprint_argument(text* arg) {
  char* hex = text_to_cstring(arg);
  const auto fingerprint = parse_fingerprint(hex);
  if (!fingerprint)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid fingerprint \"%s\"", hex),
                    errdetail("A fingerprint is 16 hexadecimal digits, as shown by insights.statements.")));
  return *fingerprint;
}

std::int64_t interval_usecs(const Interval* span, const char* name) {
  const double usecs = span->time + span->day * static_cast<double>(USECS_PER_DAY) +
                       span->month * static_cast<double>(DAYS_PER_MONTH) * USECS_PER_DAY;
  if (!(usecs > 0) || usecs > 3650.0 * USECS_PER_DAY)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("%s must be a positive interval of at most 10 years", name)));
  return static_cast<std::int64_t>(usecs);
}

constexpr int kWaitColumns = 4;

int compare_waits(const void* a, const void* b) {
  const auto* x = static_cast<const WaitSamples*>(a);
  const auto* y = static_cast<const WaitSamples*>(b);
  if (x->key.fingerprint != y->key.fingerprint) return x->key.fingerprint < y->key.fingerprint ? -1 : 1;
  if (x->wait_event_info != y->wait_event_info) return x->wait_event_info < y->wait_event_info ? -1 : 1;
  return 0;
}

constexpr int kRegressionColumns = 10;

}  // namespace

INSIGHTS_SQL_FUNCTION(insights_statement_history) {
  store_require();
  const std::uint64_t fingerprint = fingerprint_argument(PG_GETARG_TEXT_PP(0));
  const TimestampTz since = PG_GETARG_TIMESTAMPTZ(1);
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kHistoryColumns);
  int n = 0;
  HistoryRow* rows = history_copy(false, fingerprint, since, &n);
  emit_history(rsinfo, rows, n);
  return static_cast<Datum>(0);
}

INSIGHTS_SQL_FUNCTION(insights_history) {
  store_require();
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kHistoryColumns);
  int n = 0;
  HistoryRow* rows = history_copy(true, 0, DT_NOBEGIN, &n);
  emit_history(rsinfo, rows, n);
  return static_cast<Datum>(0);
}

INSIGHTS_SQL_FUNCTION(insights_statement_waits) {
  store_require();
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kWaitColumns);
  int n = 0;
  WaitSamples* waits = waits_copy(&n);
  if (n > 0) qsort(waits, n, sizeof(WaitSamples), compare_waits);
  for (int i = 0; i < n;) {
    // One row per (fingerprint, wait event): every user's and database's.
    std::int64_t samples = 0;
    int j = i;
    for (; j < n && compare_waits(&waits[j], &waits[i]) == 0; ++j) samples += waits[j].samples;
    const std::uint32_t info = waits[i].wait_event_info;
    Datum values[kWaitColumns];
    bool nulls[kWaitColumns] = {};
    values[0] = CStringGetTextDatum(format_fingerprint(waits[i].key.fingerprint).data());
    // Active without a wait event: on CPU (or about to wait: a sample
    // cannot tell), a state of its own.
    const char* type = info == 0 ? "CPU" : pgstat_get_wait_event_type(info);
    const char* event = info == 0 ? "on CPU" : pgstat_get_wait_event(info);
    values[1] = CStringGetTextDatum(type != nullptr ? type : "???");
    values[2] = CStringGetTextDatum(event != nullptr ? event : "???");
    values[3] = Int64GetDatum(samples);
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    i = j;
  }
  return static_cast<Datum>(0);
}

INSIGHTS_SQL_FUNCTION(insights_regressions) {
  store_require();
  const std::int64_t recent = interval_usecs(PG_GETARG_INTERVAL_P(0), "recent");
  const std::int64_t baseline = interval_usecs(PG_GETARG_INTERVAL_P(1), "baseline");
  RegressionThresholds t;
  t.min_ratio = PG_GETARG_FLOAT8(2);
  t.min_calls = PG_GETARG_INT64(3);
  t.min_extra_ms_per_hour = PG_GETARG_FLOAT8(4);
  if (!(t.min_ratio > 1.0) || t.min_ratio > 1e6)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("min_ratio must be above 1, not %g", t.min_ratio)));
  if (t.min_calls < 1)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("min_calls must be at least 1, not %lld", static_cast<long long>(t.min_calls))));
  if (!(t.min_extra_ms_per_hour >= 0))
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("min_extra_ms_per_hour must not be negative")));
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kRegressionColumns);

  // The transaction's now(), as SQL's: windows written `now() - x` by the
  // caller then start exactly where the caller meant (the wall clock is a
  // few milliseconds later, which put the bucket starting at x in the
  // baseline).
  const TimestampTz now = GetCurrentTransactionStartTimestamp();
  const TimestampTz recent_from = now - recent, baseline_from = recent_from - baseline;
  int n = 0;
  HistoryRow* rows = history_copy(true, 0, baseline_from, &n);
  n = merge_by_fingerprint_and_bucket(rows, n);
  auto* buckets = static_cast<HistoryBucket*>(palloc(sizeof(HistoryBucket) * (n + 1)));
  for (int i = 0; i < n;) {
    int j = i;
    for (; j < n && rows[j].key.fingerprint == rows[i].key.fingerprint; ++j)
      buckets[j - i] = HistoryBucket{rows[j].bucket_start, rows[j].delta};
    const Regression r = detect_regression(buckets, j - i, baseline_from, recent_from, now, t);
    if (r.regressed) {
      Datum values[kRegressionColumns];
      bool nulls[kRegressionColumns] = {};
      int c = 0;
      values[c++] = CStringGetTextDatum(format_fingerprint(rows[i].key.fingerprint).data());
      values[c++] = TimestampTzGetDatum(r.started_at);
      values[c++] = Int64GetDatum(r.baseline.calls);
      values[c++] = Int64GetDatum(r.recent.calls);
      values[c++] = Float8GetDatum(r.baseline.mean_ms());
      values[c++] = Float8GetDatum(r.recent.mean_ms());
      values[c++] = Float8GetDatum(r.baseline.p95_ms());
      values[c++] = Float8GetDatum(r.recent.p95_ms());
      values[c++] = Float8GetDatum(r.extra_ms_per_hour);
      if (r.wait_change.wait_class >= 0)
        // Samples per call × the sample period: the time per call so spent.
        values[c++] = CStringGetTextDatum(psprintf(
            "%s: ~%.1f ms per call before, ~%.1f ms now (%.0f%% of its samples)",
            wait_class_name(r.wait_change.wait_class), r.wait_change.baseline_per_call * settings.sample_interval_ms,
            r.wait_change.recent_per_call * settings.sample_interval_ms, 100.0 * r.wait_change.recent_share));
      else
        nulls[c++] = true;
      tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    i = j;
  }
  return static_cast<Datum>(0);
}
