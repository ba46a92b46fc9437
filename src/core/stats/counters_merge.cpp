#include "core/stats/counters_merge.h"

#include <algorithm>

namespace insights {

void merge_counters(StatementCounters& into, const StatementCounters& from) noexcept {
  if (from.calls == 0) {
    // Repeats may be recorded for an entry without calls (a fold raced the
    // commit): keep them.
    into.repeated_transactions += from.repeated_transactions;
    into.repeats_sum += from.repeats_sum;
    into.repeats_max = std::max(into.repeats_max, from.repeats_max);
    return;
  }
  if (into.calls == 0) {
    const StatementCounters kept = into;
    into = from;
    into.repeated_transactions += kept.repeated_transactions;
    into.repeats_sum += kept.repeats_sum;
    into.repeats_max = std::max(into.repeats_max, kept.repeats_max);
    return;
  }
  const double n_a = static_cast<double>(into.calls);
  const double n_b = static_cast<double>(from.calls);
  const double n = n_a + n_b;
  const double delta = from.mean_ms - into.mean_ms;
  into.sum_sq_ms += from.sum_sq_ms + delta * delta * n_a * n_b / n;
  into.mean_ms += delta * n_b / n;
  into.calls += from.calls;
  into.rows += from.rows;
  into.total_ms += from.total_ms;
  into.min_ms = std::min(into.min_ms, from.min_ms);
  into.max_ms = std::max(into.max_ms, from.max_ms);
  into.slow_calls += from.slow_calls;
  into.cancelled += from.cancelled;
  into.cancelled_ms += from.cancelled_ms;
  into.shared_blks_hit += from.shared_blks_hit;
  into.shared_blks_read += from.shared_blks_read;
  into.temp_blks_written += from.temp_blks_written;
  into.first_seen = std::min(into.first_seen, from.first_seen);
  into.last_seen = std::max(into.last_seen, from.last_seen);
  into.repeated_transactions += from.repeated_transactions;
  into.repeats_sum += from.repeats_sum;
  into.repeats_max = std::max(into.repeats_max, from.repeats_max);
  into.literal_texts.merge(from.literal_texts);
  into.latency.merge(from.latency);
}

}  // namespace insights
