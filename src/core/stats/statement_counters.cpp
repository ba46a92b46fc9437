#include "core/stats/statement_counters.h"

#include <cmath>

namespace insights {

void StatementCounters::record(const Execution& e) noexcept {
  const double d = e.duration_ms;
  if (calls == 0) {
    min_ms = max_ms = d;
    first_seen = e.timestamp;
  } else {
    if (d < min_ms) min_ms = d;
    if (d > max_ms) max_ms = d;
  }
  ++calls;
  const double delta = d - mean_ms;
  mean_ms += delta / static_cast<double>(calls);
  sum_sq_ms += delta * (d - mean_ms);
  total_ms += d;
  rows += static_cast<std::int64_t>(e.rows);
  if (e.slow) ++slow_calls;
  if (e.cancelled) {
    ++cancelled;
    cancelled_ms += d;
  }
  shared_blks_hit += e.shared_blks_hit;
  shared_blks_read += e.shared_blks_read;
  temp_blks_written += e.temp_blks_written;
  if (e.timestamp > last_seen) last_seen = e.timestamp;
  if (e.literal_text_hash != 0) literal_texts.add(e.literal_text_hash);
  latency.record(d);
}

void StatementCounters::record_repeats(std::int64_t count) noexcept {
  ++repeated_transactions;
  repeats_sum += count;
  if (count > repeats_max) repeats_max = count;
}

double StatementCounters::stddev_ms() const noexcept {
  if (calls < 2) return 0.0;
  return std::sqrt(sum_sq_ms / static_cast<double>(calls));
}

}  // namespace insights
