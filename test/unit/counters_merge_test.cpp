#include "core/stats/counters_merge.h"

#include <gtest/gtest.h>

#include <cstring>

using insights::Execution;
using insights::merge_counters;
using insights::StatementCounters;

namespace {

// Every other execution was planned (planning tracked), JIT-compiled and
// measured for CPU, so that the rare counters fold too.
const insights::Planning kPlannings[] = {{0.25}, {1.5}, {0.75}};
const insights::JitUsage kJit{4, 1.0, 0.5, 0.0, 2.0, 0.25};
const insights::CpuUsage kCpu{0.5, 0.125};
const insights::ExecutionExtras kExtras[] = {{&kJit, &kPlannings[0], &kCpu},
                                             {&kJit, &kPlannings[1], &kCpu},
                                             {&kJit, &kPlannings[2], &kCpu}};

Execution run(int i, double ms, std::uint64_t rows, std::int64_t ts, std::uint64_t literal, bool cancelled = false) {
  Execution e{};
  e.duration_ms = ms;
  e.rows = rows;
  e.blocks.shared_blks_hit = 2;
  e.blocks.shared_blks_read = 1;
  e.blocks.temp_blks_written = 3;
  e.blocks.wal_records = i;
  e.blocks.wal_bytes = 100 * i;
  e.blocks.shared_blk_read_time = 0.5 * i;
  e.extras = i % 2 == 0 ? &kExtras[i / 2] : nullptr;
  e.timestamp = ts;
  e.slow = ms >= 100.0;
  e.literal_text_hash = literal;
  e.cancelled = cancelled;
  return e;
}

// In the order they ran (first_seen is the first call's start).
const Execution kRuns[] = {run(0, 2.0, 1, 100, 11),   run(1, 40.0, 3, 200, 12), run(2, 150.0, 0, 300, 13, true),
                           run(3, 0.5, 7, 400, 0),    run(4, 9.0, 2, 500, 11),  run(5, 120.0, 4, 600, 14)};

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
    EXPECT_EQ(std::memcmp(&a.blocks, &all.blocks, sizeof a.blocks), 0);
    EXPECT_EQ(a.blocks.wal_records, 15);
    EXPECT_EQ(a.plans, all.plans);
    EXPECT_EQ(a.plans, 3);
    EXPECT_DOUBLE_EQ(a.total_plan_time, all.total_plan_time);
    EXPECT_DOUBLE_EQ(a.min_plan_time, all.min_plan_time);
    EXPECT_DOUBLE_EQ(a.max_plan_time, all.max_plan_time);
    EXPECT_NEAR(a.mean_plan_time, all.mean_plan_time, 1e-9);
    EXPECT_NEAR(a.stddev_plan_time(), all.stddev_plan_time(), 1e-9);
    EXPECT_EQ(a.jit_functions, all.jit_functions);
    EXPECT_EQ(a.jit_inlining_count, all.jit_inlining_count);
    EXPECT_EQ(a.jit_optimization_count, 0);
    EXPECT_EQ(a.jit_emission_count, all.jit_emission_count);
    EXPECT_EQ(a.jit_deform_count, all.jit_deform_count);
    EXPECT_DOUBLE_EQ(a.jit_generation_time, all.jit_generation_time);
    EXPECT_DOUBLE_EQ(a.jit_emission_time, all.jit_emission_time);
    EXPECT_DOUBLE_EQ(a.cpu_user_time, all.cpu_user_time);
    EXPECT_DOUBLE_EQ(a.cpu_system_time, all.cpu_system_time);
    EXPECT_EQ(a.minmax_stats_since, all.minmax_stats_since);
    EXPECT_EQ(a.minmax_reset, all.minmax_reset);
    EXPECT_EQ(a.first_seen, all.first_seen);
    EXPECT_EQ(a.last_seen, all.last_seen);
    EXPECT_EQ(a.repeated_transactions, 2);
    EXPECT_EQ(a.repeats_sum, 14);
    EXPECT_EQ(a.repeats_max, 9);
    EXPECT_EQ(std::memcmp(&a.literal_texts, &all.literal_texts, sizeof a.literal_texts), 0);
    EXPECT_EQ(std::memcmp(&a.latency, &all.latency, sizeof a.latency), 0);
  }
}

// An entry whose minimum and maximum were just forgotten (reset_minmax, no
// call since) has none to give: the fold keeps the other's, and the next
// call after the fold does not start them anew.
TEST(CountersMerge, MinMaxAfterAReset) {
  StatementCounters reset{}, live{};
  reset.record(kRuns[5]);  // 120 ms
  reset.reset_minmax(700);
  live.record(kRuns[0]);  // 2 ms
  live.record(kRuns[1]);  // 40 ms
  StatementCounters into = reset;
  merge_counters(into, live);
  EXPECT_EQ(into.calls, 3);
  EXPECT_DOUBLE_EQ(into.min_ms, 2.0);
  EXPECT_DOUBLE_EQ(into.max_ms, 40.0);
  EXPECT_EQ(into.minmax_reset, 0);
  EXPECT_EQ(into.minmax_stats_since, 100);  // live's calls since its first
  into.record(kRuns[3]);  // 0.5 ms
  EXPECT_DOUBLE_EQ(into.min_ms, 0.5);
  EXPECT_DOUBLE_EQ(into.max_ms, 40.0);

  StatementCounters other = live;
  merge_counters(other, reset);
  EXPECT_DOUBLE_EQ(other.min_ms, 2.0);
  EXPECT_DOUBLE_EQ(other.max_ms, 40.0);
  EXPECT_EQ(other.minmax_reset, 0);
}
