// Per-statement counters: what one execution adds and what the view shows.
//
// Trivially copyable and zero-initialisable: the shared-memory store embeds
// it in each hash entry and updates it under that entry's spinlock, so
// record() does arithmetic only — no allocation, no calls that can fail.
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/stats/distinct_sketch.h"
#include "core/stats/latency_histogram.h"

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
  std::uint64_t literal_text_hash;  // hash of its text when it had literal constants, else 0
  // It never finished: cancelled by statement_timeout, lock_timeout or a
  // cancel request (capture.cpp). Counted as a call with the time it ran.
  bool cancelled = false;
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
  // Calls that were cancelled, and their time: included in calls, total_ms
  // and the latency figures (the server spent that time), so that a
  // statement that always times out still ranks by the time it costs.
  std::int64_t cancelled;
  double cancelled_ms;
  std::int64_t shared_blks_hit;
  std::int64_t shared_blks_read;
  std::int64_t temp_blks_written;
  std::int64_t first_seen;
  std::int64_t last_seen;
  // N+1 detection: transactions that ran the statement at least the
  // threshold number of times, and how many times they did.
  std::int64_t repeated_transactions;
  std::int64_t repeats_sum;
  std::int64_t repeats_max;
  DistinctSketch literal_texts;  // distinct texts among calls with literal constants
  LatencyHistogram latency;

  void record(const Execution& e) noexcept;
  // One transaction ran the statement `count` times (count ≥ the threshold).
  void record_repeats(std::int64_t count) noexcept;

  // Population standard deviation, as pg_stat_statements reports it.
  double stddev_ms() const noexcept;
  double quantile_ms(double q) const noexcept { return latency.quantile(q, min_ms, max_ms); }
};

static_assert(std::is_trivially_copyable_v<StatementCounters>);

}  // namespace insights
