// insights.statement_latency_buckets(): the non-empty buckets of every
// statement's latency histogram (core/stats/latency_histogram.h), one row per
// (statement, bucket). The numbers only, like the numbers of
// insights.statements: every role sees them. insights.report_html() draws
// them; the Prometheus query file folds them into its `le` bounds.
// PostgreSQL-style: plain C data only.
#include "pg/compat.h"
#include "pg/sql_function.h"
#include "pg/stats/store.h"

extern "C" {
#include "fmgr.h"
#include "utils/builtins.h"
}

#include <cmath>

namespace insights::pg {
namespace {

constexpr int kBucketColumns = 7;

void add_bucket_rows(const EntrySnapshot& s, void* arg) {
  auto* rsinfo = static_cast<ReturnSetInfo*>(arg);
  const LatencyHistogram& h = s.counters.latency;
  const FingerprintText hex = format_fingerprint(s.key.fingerprint);
  for (int b = 0; b < LatencyHistogram::kBuckets; ++b) {
    if (h.count(b) == 0) continue;
    ResultRow<kBucketColumns>()
        .add(CStringGetTextDatum(hex.data()))
        .add(ObjectIdGetDatum(s.key.userid))
        .add(ObjectIdGetDatum(s.key.dbid))
        .add(BoolGetDatum(s.key.toplevel))
        .add(Float8GetDatum(LatencyHistogram::lower_bound_ms(b)))  // 0 for the first
        .add(Float8GetDatum(LatencyHistogram::upper_bound_ms(b)))  // +Infinity for the last
        .add(Int64GetDatum(static_cast<int64>(h.count(b))))
        .put(rsinfo);
  }
}

}  // namespace
}  // namespace insights::pg

using namespace insights;
using namespace insights::pg;

INSIGHTS_SQL_FUNCTION(insights_statement_latency_buckets) {
  store_require();
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kBucketColumns);
  store_scan(add_bucket_rows, rsinfo);
  return static_cast<Datum>(0);
}
