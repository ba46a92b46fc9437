#include "core/stats/statement_counters.h"

#include <gtest/gtest.h>

#include <cmath>

using insights::Execution;
using insights::StatementCounters;

static Execution run(double ms, std::uint64_t rows, std::int64_t ts, bool slow = false) {
  Execution e{};
  e.duration_ms = ms;
  e.rows = rows;
  e.blocks.shared_blks_hit = 3;
  e.blocks.shared_blks_read = 1;
  e.timestamp = ts;
  e.slow = slow;
  return e;
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
  EXPECT_EQ(c.blocks.shared_blks_hit, 9);
  EXPECT_EQ(c.blocks.shared_blks_read, 3);
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

TEST(StatementCounters, BlocksWalAndIoTimeAddUp) {
  StatementCounters c{};
  Execution e = run(1.0, 1, 1);
  e.blocks.shared_blks_dirtied = 2;
  e.blocks.local_blks_written = 5;
  e.blocks.temp_blks_read = 7;
  e.blocks.shared_blk_read_time = 0.25;
  e.blocks.wal_records = 3;
  e.blocks.wal_fpi = 1;
  e.blocks.wal_bytes = 300;
  c.record(e);
  c.record(e);
  EXPECT_EQ(c.blocks.shared_blks_dirtied, 4);
  EXPECT_EQ(c.blocks.local_blks_written, 10);
  EXPECT_EQ(c.blocks.temp_blks_read, 14);
  EXPECT_DOUBLE_EQ(c.blocks.shared_blk_read_time, 0.5);
  EXPECT_EQ(c.blocks.wal_records, 6);
  EXPECT_EQ(c.blocks.wal_fpi, 2);
  EXPECT_EQ(c.blocks.wal_bytes, 600);
}

TEST(StatementCounters, PlanningCountedOnlyWhenGiven) {
  StatementCounters c{};
  Execution e = run(1.0, 1, 1);
  c.record(e);
  EXPECT_EQ(c.plans, 0);
  const insights::Planning p1{2.0}, p2{6.0};
  insights::ExecutionExtras x1{nullptr, &p1, nullptr}, x2{nullptr, &p2, nullptr};
  e.extras = &x1;
  c.record(e);
  e.extras = &x2;
  c.record(e);
  EXPECT_EQ(c.calls, 3);
  EXPECT_EQ(c.plans, 2);
  EXPECT_DOUBLE_EQ(c.total_plan_time, 8.0);
  EXPECT_DOUBLE_EQ(c.min_plan_time, 2.0);
  EXPECT_DOUBLE_EQ(c.max_plan_time, 6.0);
  EXPECT_DOUBLE_EQ(c.mean_plan_time, 4.0);
  EXPECT_DOUBLE_EQ(c.stddev_plan_time(), 2.0);
}

TEST(StatementCounters, JitPhasesCountWhenTheyTookTime) {
  StatementCounters c{};
  Execution e = run(1.0, 1, 1);
  const insights::JitUsage jit{4, 1.5, 0.0, 2.0, 3.0, 0.5};
  const insights::ExecutionExtras x{&jit, nullptr, nullptr};
  e.extras = &x;
  c.record(e);
  e.extras = nullptr;
  c.record(e);
  EXPECT_EQ(c.jit_functions, 4);
  EXPECT_DOUBLE_EQ(c.jit_generation_time, 1.5);
  EXPECT_EQ(c.jit_inlining_count, 0);
  EXPECT_EQ(c.jit_optimization_count, 1);
  EXPECT_EQ(c.jit_emission_count, 1);
  EXPECT_EQ(c.jit_deform_count, 1);
  EXPECT_DOUBLE_EQ(c.jit_deform_time, 0.5);
}

TEST(StatementCounters, ResetMinmaxKeepsEverythingElse) {
  StatementCounters c{};
  const insights::Planning plan{3.0};
  const insights::ExecutionExtras x{nullptr, &plan, nullptr};
  Execution e = run(10.0, 1, 1);
  e.extras = &x;
  c.record(e);
  c.record(run(20.0, 1, 2));
  c.reset_minmax(500);
  EXPECT_EQ(c.calls, 2);
  EXPECT_DOUBLE_EQ(c.total_ms, 30.0);
  EXPECT_EQ(c.min_ms, 0.0);
  EXPECT_EQ(c.max_ms, 0.0);
  EXPECT_EQ(c.min_plan_time, 0.0);
  EXPECT_EQ(c.minmax_stats_since, 500);
  EXPECT_GT(c.quantile_ms(0.5), 0.0);  // the histogram is kept
  c.record(run(15.0, 1, 3));
  EXPECT_DOUBLE_EQ(c.min_ms, 15.0);
  EXPECT_DOUBLE_EQ(c.max_ms, 15.0);
  EXPECT_EQ(c.calls, 3);
  EXPECT_DOUBLE_EQ(c.mean_ms, 15.0);
}

TEST(StatementCounters, Format4CountersUpgrade) {
  StatementCounters c{};
  c.format4_shared_blks_hit = 8;
  c.format4_shared_blks_read = 2;
  c.format4_temp_blks_written = 1;
  c.upgrade_from_format4();
  EXPECT_EQ(c.blocks.shared_blks_hit, 8);
  EXPECT_EQ(c.blocks.shared_blks_read, 2);
  EXPECT_EQ(c.blocks.temp_blks_written, 1);
  EXPECT_EQ(c.format4_shared_blks_hit, 0);
}

TEST(StatementCounters, CpuTimeAddsUp) {
  StatementCounters c{};
  const insights::CpuUsage cpu{1.25, 0.5};
  const insights::ExecutionExtras x{nullptr, nullptr, &cpu};
  Execution e = run(2.0, 1, 1);
  e.extras = &x;
  c.record(e);
  c.record(e);
  EXPECT_DOUBLE_EQ(c.cpu_user_time, 2.5);
  EXPECT_DOUBLE_EQ(c.cpu_system_time, 1.0);
}
