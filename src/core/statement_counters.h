// Per-statement counters: what one execution adds and what the view shows.
//
// Trivially copyable and zero-initialisable: the shared-memory store embeds
// it in each hash entry and updates it under that entry's spinlock, so
// record() does arithmetic only — no allocation, no calls that can fail.
#pragma once

#include <cstdint>
#include <type_traits>

#include "latency_histogram.h"

namespace insights {

// What one execution of a statement costs.
struct Execution {
  double duration_ms;
  std::uint64_t rows;
  std::int64_t shared_blks_hit;
  std::int64_t shared_blks_read;
  std::int64_t temp_blks_written;
  std::int64_t timestamp;  // when it started, in the caller's clock units
  bool slow;               // duration_ms reached the slow threshold
};

struct StatementCounters {
  std::int64_t calls;
  std::int64_t rows;
  double total_ms;
  double min_ms;
  double max_ms;
  double mean_ms;    // running mean (Welford)
  double sum_sq_ms;  // running sum of squared deviations (Welford)
  std::int64_t slow_calls;
  std::int64_t shared_blks_hit;
  std::int64_t shared_blks_read;
  std::int64_t temp_blks_written;
  std::int64_t first_seen;
  std::int64_t last_seen;
  LatencyHistogram latency;

  void record(const Execution& e) noexcept;

  // Population standard deviation, as pg_stat_statements reports it.
  double stddev_ms() const noexcept;
  double quantile_ms(double q) const noexcept { return latency.quantile(q, min_ms, max_ms); }
};

static_assert(std::is_trivially_copyable_v<StatementCounters>);

}  // namespace insights
