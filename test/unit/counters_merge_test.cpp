#include "core/stats/counters_merge.h"

#include <gtest/gtest.h>

#include <cstring>

using insights::Execution;
using insights::merge_counters;
using insights::StatementCounters;

namespace {

Execution run(double ms, std::uint64_t rows, std::int64_t ts, std::uint64_t literal, bool cancelled = false) {
  return Execution{ms, rows, 2, 1, 3, ts, ms >= 100.0, literal, cancelled};
}

// In the order they ran (first_seen is the first call's start).
const Execution kRuns[] = {run(2.0, 1, 100, 11), run(40.0, 3, 200, 12),  run(150.0, 0, 300, 13, true),
                           run(0.5, 7, 400, 0),   run(9.0, 2, 500, 11),   run(120.0, 4, 600, 14)};

}  // namespace

// Folding two entries gives what recording every execution in one gives.
TEST(CountersMerge, FoldEqualsRecordingInOne) {
  for (int split = 0; split <= 6; ++split) {
    StatementCounters all{}, a{}, b{};
    for (int i = 0; i < 6; ++i) {
      all.record(kRuns[i]);
      (i < split ? a : b).record(kRuns[i]);
    }
    a.record_repeats(5);
    all.record_repeats(5);
    b.record_repeats(9);
    all.record_repeats(9);
    merge_counters(a, b);
    EXPECT_EQ(a.calls, all.calls) << split;
    EXPECT_EQ(a.rows, all.rows);
    EXPECT_DOUBLE_EQ(a.total_ms, all.total_ms);
    EXPECT_DOUBLE_EQ(a.min_ms, all.min_ms);
    EXPECT_DOUBLE_EQ(a.max_ms, all.max_ms);
    EXPECT_NEAR(a.mean_ms, all.mean_ms, 1e-9);
    EXPECT_NEAR(a.stddev_ms(), all.stddev_ms(), 1e-9);
    EXPECT_EQ(a.slow_calls, all.slow_calls);
    EXPECT_EQ(a.cancelled, all.cancelled);
    EXPECT_DOUBLE_EQ(a.cancelled_ms, all.cancelled_ms);
    EXPECT_EQ(a.shared_blks_hit, all.shared_blks_hit);
    EXPECT_EQ(a.shared_blks_read, all.shared_blks_read);
    EXPECT_EQ(a.temp_blks_written, all.temp_blks_written);
    EXPECT_EQ(a.first_seen, all.first_seen);
    EXPECT_EQ(a.last_seen, all.last_seen);
    EXPECT_EQ(a.repeated_transactions, 2);
    EXPECT_EQ(a.repeats_sum, 14);
    EXPECT_EQ(a.repeats_max, 9);
    EXPECT_EQ(std::memcmp(&a.literal_texts, &all.literal_texts, sizeof a.literal_texts), 0);
    EXPECT_EQ(std::memcmp(&a.latency, &all.latency, sizeof a.latency), 0);
  }
}
