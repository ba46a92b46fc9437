#include "core/stats/coarse_histogram.h"
#include "core/stats/history.h"
#include "core/stats/regression.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

using namespace insights;

namespace {

StatementCounters counters_after(const std::vector<double>& durations, std::int64_t first_seen = 1000) {
  StatementCounters c;
  std::memset(&c, 0, sizeof c);
  std::int64_t t = first_seen;
  for (double ms : durations) {
    Execution e{};
    e.duration_ms = ms;
    e.rows = 2;
    e.blocks.shared_blks_hit = 3;
    e.blocks.shared_blks_read = 1;
    e.timestamp = t++;
    e.slow = ms >= 100.0;
    c.record(e);
  }
  return c;
}

HistoryBucket bucket(std::int64_t start, int calls, double ms, std::uint32_t cpu = 0, std::uint32_t lock = 0) {
  HistoryBucket b;
  std::memset(&b, 0, sizeof b);
  b.start = start;
  b.delta.calls = static_cast<std::uint32_t>(calls);
  b.delta.total_ms = calls * ms;
  for (int i = 0; i < calls; ++i) b.delta.latency.add(LatencyHistogram::bucket_of(ms) / CoarseHistogram::kFold, 1);
  b.delta.wait_samples[kWaitClassCpu] = cpu;
  b.delta.wait_samples[3] = lock;  // PG_WAIT_LOCK >> 24
  return b;
}

constexpr std::int64_t kMinute = 60'000'000;

}  // namespace

TEST(HistoryBuckets, StartIsTheFloorOnTheEpoch) {
  EXPECT_EQ(bucket_start(0, 300), 0);
  EXPECT_EQ(bucket_start(299, 300), 0);
  EXPECT_EQ(bucket_start(300, 300), 300);
  EXPECT_EQ(bucket_start(601, 300), 600);
  EXPECT_EQ(bucket_start(-1, 300), -300);
  EXPECT_EQ(bucket_start(-300, 300), -300);
  EXPECT_EQ(bucket_start(-301, 300), -600);
  const std::int64_t t = 848'000'000'123'456;  // a 2026 TimestampTz
  EXPECT_EQ(bucket_start(t, 5 * kMinute) % (5 * kMinute), 0);
  EXPECT_LE(bucket_start(t, 5 * kMinute), t);
  EXPECT_GT(bucket_start(t, 5 * kMinute) + 5 * kMinute, t);
}

TEST(HistoryBuckets, WaitClassesFollowTheTopByte) {
  EXPECT_EQ(wait_class_of(0), kWaitClassCpu);
  EXPECT_STREQ(wait_class_name(wait_class_of(0x03000004u)), "Lock");        // Lock/transactionid
  EXPECT_STREQ(wait_class_name(wait_class_of(0x0A000010u)), "IO");          // IO/DataFileRead
  EXPECT_STREQ(wait_class_name(wait_class_of(0x01000000u | 49)), "LWLock");
  EXPECT_STREQ(wait_class_name(wait_class_of(0x7F000000u)), "Extension");   // an unknown class
  EXPECT_EQ(wait_class_name(2), nullptr);
  EXPECT_EQ(wait_class_name(kWaitClasses), nullptr);
}

TEST(CoarseHistogram, DeltaCountsOnlyTheNewCalls) {
  const StatementCounters before = counters_after({1.0, 1.0, 1.0});
  StatementCounters now = before;
  for (double ms : {50.0, 50.0}) {
    Execution e{};
    e.duration_ms = ms;
    e.timestamp = 5000;
    now.record(e);
  }
  const CoarseHistogram d = CoarseHistogram::delta(now.latency, &before.latency);
  EXPECT_EQ(d.total(), 2u);
  EXPECT_GE(d.quantile(0.95), CoarseHistogram::lower_bound_ms(LatencyHistogram::bucket_of(50.0) / 4));
  EXPECT_LT(d.quantile(0.95), CoarseHistogram::upper_bound_ms(LatencyHistogram::bucket_of(50.0) / 4));
  // Counters that went down (a reset in between) count alone.
  EXPECT_EQ(CoarseHistogram::delta(before.latency, &now.latency).total(), 3u);
  EXPECT_EQ(CoarseHistogram::delta(now.latency, nullptr).total(), 5u);
}

TEST(CoarseHistogram, P95WithinItsBinOfTheExactOne) {
  std::mt19937 rng(7);
  std::lognormal_distribution<double> dist(1.0, 1.2);
  for (int round = 0; round < 20; ++round) {
    std::vector<double> xs(2000);
    for (double& x : xs) x = dist(rng);
    const StatementCounters c = counters_after(xs);
    const CoarseHistogram h = CoarseHistogram::delta(c.latency, nullptr);
    std::sort(xs.begin(), xs.end());
    const double exact = xs[static_cast<std::size_t>(std::ceil(0.95 * xs.size())) - 1];
    const double got = h.quantile(0.95);
    // Same bin: the bin is at most 50% of its lower bound wide.
    EXPECT_NEAR(got, exact, 0.5 * exact) << round;
  }
  CoarseHistogram empty;
  std::memset(&empty, 0, sizeof empty);
  EXPECT_EQ(empty.quantile(0.95), 0.0);
}

TEST(CoarseHistogram, BinsAreContiguousAndAtMostHalfTheirLowerBoundWide) {
  for (int b = 1; b + 1 < CoarseHistogram::kBins; ++b) {
    const double lo = CoarseHistogram::lower_bound_ms(b), hi = CoarseHistogram::upper_bound_ms(b);
    EXPECT_DOUBLE_EQ(hi, CoarseHistogram::lower_bound_ms(b + 1));
    EXPECT_LE((hi - lo) / lo, 0.5 + 1e-12) << b;
  }
}

TEST(HistoryDelta, DiffsCountersAndDetectsANewEntry) {
  const StatementCounters before = counters_after({1.0, 2.0});
  StatementCounters now = before;
  Execution e{};
  e.duration_ms = 150.0;
  e.rows = 7;
  e.blocks.shared_blks_hit = 10;
  e.blocks.shared_blks_read = 4;
  e.timestamp = 9000;
  e.slow = true;
  now.record(e);
  const HistoryDelta d = history_delta(now, &before);
  EXPECT_EQ(d.calls, 1u);
  EXPECT_EQ(d.slow_calls, 1u);
  EXPECT_EQ(d.rows, 7);
  EXPECT_DOUBLE_EQ(d.total_ms, 150.0);
  EXPECT_EQ(d.shared_blks_hit, 10);
  EXPECT_EQ(d.shared_blks_read, 4);
  EXPECT_EQ(d.latency.total(), 1u);
  EXPECT_DOUBLE_EQ(d.p95_ms(), 150.0);  // one call: its time, not its bin's
  EXPECT_FALSE(d.empty());
  // No change: an empty delta.
  EXPECT_TRUE(history_delta(before, &before).empty());
  // A new entry under the same key (evicted, or reset, then re-created):
  // another first_seen, fewer calls; its whole counters are the delta.
  const StatementCounters recreated = counters_after({5.0}, 77777);
  const HistoryDelta fresh = history_delta(recreated, &now);
  EXPECT_EQ(fresh.calls, 1u);
  EXPECT_DOUBLE_EQ(fresh.total_ms, 5.0);
  EXPECT_EQ(history_delta(now, nullptr).calls, 3u);
}

TEST(Regression, FindsARiseAndWhenItStarted) {
  std::vector<HistoryBucket> b;
  for (int m = 0; m < 50; ++m) b.push_back(bucket(m * kMinute, 100, 2.0, 10, 0));
  for (int m = 50; m < 60; ++m) b.push_back(bucket(m * kMinute, 100, 20.0, 2, 40));
  RegressionThresholds t;
  const Regression r = detect_regression(b.data(), b.size(), 0, 50 * kMinute, 60 * kMinute, t);
  ASSERT_TRUE(r.regressed);
  EXPECT_EQ(r.baseline.calls, 5000);
  EXPECT_EQ(r.recent.calls, 1000);
  EXPECT_NEAR(r.mean_ratio, 10.0, 1e-9);
  EXPECT_GT(r.p95_ratio, 5.0);
  EXPECT_EQ(r.started_at, 50 * kMinute);
  // 18 ms more on each of 1000 calls in 10 minutes: 108 s per hour.
  EXPECT_NEAR(r.extra_ms_per_hour, 108000.0, 1e-6);
  ASSERT_EQ(r.wait_change.wait_class, 3);
  EXPECT_STREQ(wait_class_name(r.wait_change.wait_class), "Lock");
  EXPECT_NEAR(r.wait_change.baseline_per_call, 0.0, 1e-12);
  EXPECT_NEAR(r.wait_change.recent_per_call, 0.4, 1e-12);
  EXPECT_NEAR(r.wait_change.recent_share, 40.0 / 42.0, 1e-12);
}

TEST(Regression, WaitChangeIsPerCallNotAShareOfFewSamples) {
  // A fast statement is rarely sampled: three Lock samples in the baseline
  // (the bucket where the change began) out of four, against many calls.
  WindowStats baseline{}, recent{};
  baseline.calls = 1000;
  baseline.wait_samples[3] = 3;
  baseline.wait_samples[kWaitClassCpu] = 1;
  recent.calls = 500;
  recent.wait_samples[3] = 120;
  recent.wait_samples[kWaitClassCpu] = 1;
  const WaitChange w = wait_change(baseline, recent, RegressionThresholds{});
  ASSERT_EQ(w.wait_class, 3);
  EXPECT_NEAR(w.baseline_per_call, 0.003, 1e-12);
  EXPECT_NEAR(w.recent_per_call, 0.24, 1e-12);
  // The same share, the same time per call: no change.
  EXPECT_EQ(wait_change(recent, recent, RegressionThresholds{}).wait_class, -1);
  // Too few recent samples to say.
  WindowStats sparse{};
  sparse.calls = 10;
  sparse.wait_samples[3] = 4;
  EXPECT_EQ(wait_change(baseline, sparse, RegressionThresholds{}).wait_class, -1);
}

TEST(Regression, StartIsTheFirstBucketOverTheBar) {
  std::vector<HistoryBucket> b;
  for (int m = 0; m < 30; ++m) b.push_back(bucket(m * kMinute, 50, 1.0));
  b.push_back(bucket(30 * kMinute, 50, 1.0));  // recent, still fast
  b.push_back(bucket(32 * kMinute, 50, 6.0));  // the rise (a gap before it)
  b.push_back(bucket(33 * kMinute, 50, 6.0));
  const Regression r = detect_regression(b.data(), b.size(), 0, 30 * kMinute, 34 * kMinute, RegressionThresholds{});
  ASSERT_TRUE(r.regressed);
  EXPECT_EQ(r.started_at, 32 * kMinute);
  EXPECT_EQ(r.wait_change.wait_class, -1);  // no samples: no wait change
}

TEST(Regression, NeedsEnoughCallsARiseAndTheExtraTime) {
  std::vector<HistoryBucket> steady;
  for (int m = 0; m < 60; ++m) steady.push_back(bucket(m * kMinute, 100, 3.0));
  EXPECT_FALSE(detect_regression(steady.data(), steady.size(), 0, 50 * kMinute, 60 * kMinute, {}).regressed);

  std::vector<HistoryBucket> few{bucket(0, 5, 1.0), bucket(55 * kMinute, 100, 10.0)};
  EXPECT_FALSE(detect_regression(few.data(), few.size(), 0, 50 * kMinute, 60 * kMinute, {}).regressed);
  RegressionThresholds low;
  low.min_calls = 5;
  EXPECT_TRUE(detect_regression(few.data(), few.size(), 0, 50 * kMinute, 60 * kMinute, low).regressed);
  low.min_extra_ms_per_hour = 1e9;
  EXPECT_FALSE(detect_regression(few.data(), few.size(), 0, 50 * kMinute, 60 * kMinute, low).regressed);

  std::vector<HistoryBucket> faster{bucket(0, 100, 10.0), bucket(55 * kMinute, 100, 1.0)};
  const Regression r = detect_regression(faster.data(), faster.size(), 0, 50 * kMinute, 60 * kMinute, {});
  EXPECT_FALSE(r.regressed);
  EXPECT_EQ(r.extra_ms_per_hour, 0.0);
  // Buckets outside both windows are ignored.
  std::vector<HistoryBucket> old{bucket(-10 * kMinute, 100, 1.0), bucket(55 * kMinute, 100, 10.0)};
  EXPECT_EQ(detect_regression(old.data(), old.size(), 0, 50 * kMinute, 60 * kMinute, {}).baseline.calls, 0);
}
