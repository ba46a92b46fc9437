#include "core/stats/statement_counters.h"

#include <gtest/gtest.h>

#include <cmath>

using insights::Execution;
using insights::StatementCounters;

static Execution run(double ms, std::uint64_t rows, std::int64_t ts, bool slow = false) {
  return Execution{ms, rows, 3, 1, 0, ts, slow, 0};
}

TEST(StatementCounters, AggregatesExecutions) {
  StatementCounters c{};
  c.record(run(2.0, 1, 100));
  c.record(run(4.0, 2, 50));
  c.record(run(150.0, 3, 200, true));
  EXPECT_EQ(c.calls, 3);
  EXPECT_EQ(c.rows, 6);
  EXPECT_DOUBLE_EQ(c.total_ms, 156.0);
  EXPECT_DOUBLE_EQ(c.min_ms, 2.0);
  EXPECT_DOUBLE_EQ(c.max_ms, 150.0);
  EXPECT_DOUBLE_EQ(c.mean_ms, 52.0);
  // population stddev of {2, 4, 150}
  const double var = ((2 - 52.0) * (2 - 52.0) + (4 - 52.0) * (4 - 52.0) + (150 - 52.0) * (150 - 52.0)) / 3;
  EXPECT_NEAR(c.stddev_ms(), std::sqrt(var), 1e-9);
  EXPECT_EQ(c.slow_calls, 1);
  EXPECT_EQ(c.shared_blks_hit, 9);
  EXPECT_EQ(c.shared_blks_read, 3);
  EXPECT_EQ(c.first_seen, 100);
  EXPECT_EQ(c.last_seen, 200);
  EXPECT_EQ(c.latency.total(), 3u);
  EXPECT_DOUBLE_EQ(c.quantile_ms(1.0), 150.0);
}

TEST(StatementCounters, OneCallHasNoSpread) {
  StatementCounters c{};
  c.record(run(7.5, 0, 1));
  EXPECT_EQ(c.stddev_ms(), 0.0);
  EXPECT_DOUBLE_EQ(c.quantile_ms(0.5), 7.5);
}

TEST(StatementCounters, RepeatsPerTransaction) {
  StatementCounters c{};
  c.record_repeats(25);
  c.record_repeats(40);
  EXPECT_EQ(c.repeated_transactions, 2);
  EXPECT_EQ(c.repeats_sum, 65);
  EXPECT_EQ(c.repeats_max, 40);
}

TEST(StatementCounters, LiteralTextsAreCountedOnlyWhenHashed) {
  StatementCounters c{};
  Execution e = run(1.0, 1, 1);
  c.record(e);  // no literal constants: hash 0
  EXPECT_TRUE(c.literal_texts.empty());
  for (std::uint64_t h = 1; h <= 30; ++h) {
    e.literal_text_hash = h * 7919;
    c.record(e);
  }
  EXPECT_NEAR(c.literal_texts.estimate(), 30, 4);
}

TEST(StatementCounters, CancelledCallsCountWithTheirTime) {
  StatementCounters c{};
  c.record(run(2.0, 5, 1));
  Execution cancelled = run(50.0, 0, 2, true);
  cancelled.cancelled = true;
  c.record(cancelled);
  EXPECT_EQ(c.calls, 2);
  EXPECT_EQ(c.cancelled, 1);
  EXPECT_DOUBLE_EQ(c.cancelled_ms, 50.0);
  EXPECT_DOUBLE_EQ(c.total_ms, 52.0);
  EXPECT_DOUBLE_EQ(c.max_ms, 50.0);
  EXPECT_EQ(c.slow_calls, 1);
  EXPECT_EQ(c.rows, 5);
}
