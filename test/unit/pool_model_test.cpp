// The concurrency model on hand-made rings: windowing, weighted percentiles,
// maxima, shares, idle-in-transaction spans, Little's law, instance count.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/pool/model.h"

using namespace insights::pool;

namespace {

constexpr std::int64_t kNow = 1'700'000'000;

// One second in which `active` backends were on CPU in every one of
// `samples` samples (so the per-second mean is `active`), plus the given
// idle-in-transaction and idle backends.
SecondSummary second(std::int64_t epoch, std::uint32_t samples, std::uint32_t active, std::uint32_t idle_in_tx = 0,
                     std::uint32_t idle = 0) {
  SecondSummary s{};
  s.epoch_second = epoch;
  s.samples = samples;
  s.state_sum[static_cast<int>(BackendState::kActiveCpu)] = active * samples;
  s.state_sum[static_cast<int>(BackendState::kIdleInTransaction)] = idle_in_tx * samples;
  s.state_sum[static_cast<int>(BackendState::kIdle)] = idle * samples;
  s.max_active = active;
  s.max_idle_in_transaction = idle_in_tx;
  s.max_connections = active + idle_in_tx + idle;
  return s;
}

GroupActivity group(const char* name, std::int64_t last_seen, std::uint32_t dbid = 1, std::uint64_t samples = 10) {
  GroupActivity g{};
  g.dbid = dbid;
  std::strncpy(g.name, name, kGroupNameBytes - 1);
  g.first_seen_epoch = last_seen - 100;
  g.last_seen_epoch = last_seen;
  g.samples = samples;
  return g;
}

}  // namespace

TEST(PoolModel, WindowKeepsOnlySecondsInsideIt) {
  const std::vector<SecondSummary> ring = {
      second(kNow, 10, 1),          // now: in
      second(kNow - 3599, 10, 1),   // oldest second of a 3600 s window: in
      second(kNow - 3600, 10, 50),  // one second too old: out
      second(kNow + 1, 10, 50),     // the future: out
      second(0, 10, 50),            // empty slot: out
      second(kNow - 5, 0, 0),       // a second without samples: out
  };
  const WindowActivity w = summarize(ring, kNow, 3600.0);
  EXPECT_EQ(w.seconds_covered, 2);
  EXPECT_EQ(w.samples, 20u);
  EXPECT_DOUBLE_EQ(w.active.mean, 1.0);
  EXPECT_DOUBLE_EQ(w.active.max, 1.0);  // the 50s were all outside
  EXPECT_DOUBLE_EQ(w.window_seconds, 3600.0);
}

TEST(PoolModel, ShortWindowAndEmptyRing) {
  const std::vector<SecondSummary> ring = {second(kNow, 10, 2), second(kNow - 1, 10, 4), second(kNow - 2, 10, 8)};
  const WindowActivity two = summarize(ring, kNow, 2.0);
  EXPECT_EQ(two.seconds_covered, 2);
  EXPECT_DOUBLE_EQ(two.active.mean, 3.0);

  const WindowActivity none = summarize({}, kNow, 3600.0);
  EXPECT_EQ(none.seconds_covered, 0);
  EXPECT_EQ(none.samples, 0u);
  EXPECT_DOUBLE_EQ(none.active.p95, 0.0);
  EXPECT_DOUBLE_EQ(none.shares.cpu, 0.0);
}

TEST(PoolModel, NearestRankPercentilesOverSeconds) {
  // 100 seconds whose per-second means are 1, 2, ..., 100, ten samples each,
  // given in reverse order (order must not matter).
  std::vector<SecondSummary> ring;
  for (std::uint32_t i = 100; i >= 1; --i) ring.push_back(second(kNow - i, 10, i));
  const WindowActivity w = summarize(ring, kNow, 3600.0);
  EXPECT_DOUBLE_EQ(w.active.p50, 50.0);
  EXPECT_DOUBLE_EQ(w.active.p95, 95.0);
  EXPECT_DOUBLE_EQ(w.active.p99, 99.0);
  EXPECT_DOUBLE_EQ(w.active.mean, 50.5);
  EXPECT_DOUBLE_EQ(w.active.max, 100.0);
}

TEST(PoolModel, PercentilesAreWeightedBySamples) {
  // Ten quiet seconds with one sample each (mean 1) and one busy second with
  // 90 samples (mean 5). Unweighted, the median second is quiet; weighted by
  // samples, 90% of the observations are busy.
  std::vector<SecondSummary> ring;
  for (int i = 1; i <= 10; ++i) ring.push_back(second(kNow - i, 1, 1));
  ring.push_back(second(kNow, 90, 5));
  const WindowActivity w = summarize(ring, kNow, 60.0);
  EXPECT_DOUBLE_EQ(w.active.p50, 5.0);
  EXPECT_DOUBLE_EQ(w.active.mean, (10.0 + 450.0) / 100.0);
  EXPECT_EQ(w.samples, 100u);
}

TEST(PoolModel, FractionalPerSecondMeans) {
  // Sums that do not divide evenly: 3 active over 2 samples is a mean of 1.5.
  SecondSummary s = second(kNow, 2, 0);
  s.state_sum[static_cast<int>(BackendState::kActiveIo)] = 3;
  s.max_active = 2;
  const WindowActivity w = summarize({s}, kNow, 60.0);
  EXPECT_DOUBLE_EQ(w.active.p50, 1.5);
  EXPECT_DOUBLE_EQ(w.active.max, 2.0);
}

TEST(PoolModel, MaximaComeFromThePerSecondMaxFields) {
  SecondSummary s = second(kNow, 10, 3, 1, 2);
  s.max_active = 17;  // a spike within the second that the mean smooths out
  s.max_idle_in_transaction = 4;
  s.max_connections = 21;
  const WindowActivity w = summarize({s, second(kNow - 1, 10, 5, 2, 1)}, kNow, 60.0);
  EXPECT_DOUBLE_EQ(w.active.max, 17.0);
  EXPECT_DOUBLE_EQ(w.idle_in_transaction.max, 4.0);
  EXPECT_DOUBLE_EQ(w.connections.max, 21.0);
  EXPECT_DOUBLE_EQ(w.active.p99, 5.0);  // the percentiles still come from the means
  // busy = active + idle in transaction; no per-sample max: the largest mean.
  EXPECT_DOUBLE_EQ(w.busy.max, 7.0);
  EXPECT_DOUBLE_EQ(w.busy.mean, 5.5);
  EXPECT_DOUBLE_EQ(w.connections.mean, 7.0);
  EXPECT_DOUBLE_EQ(w.mean_idle, 1.5);
}

TEST(PoolModel, SharesSplitActiveTimeOnly) {
  SecondSummary s{};
  s.epoch_second = kNow;
  s.samples = 10;
  s.state_sum[static_cast<int>(BackendState::kActiveCpu)] = 60;
  s.state_sum[static_cast<int>(BackendState::kActiveIo)] = 20;
  s.state_sum[static_cast<int>(BackendState::kActiveLock)] = 10;
  s.state_sum[static_cast<int>(BackendState::kActiveLwlock)] = 5;
  s.state_sum[static_cast<int>(BackendState::kActiveClient)] = 3;
  s.state_sum[static_cast<int>(BackendState::kActiveOther)] = 2;
  s.state_sum[static_cast<int>(BackendState::kIdleInTransaction)] = 500;  // not active time
  s.state_sum[static_cast<int>(BackendState::kIdle)] = 900;
  const WindowActivity w = summarize({s}, kNow, 60.0);
  EXPECT_DOUBLE_EQ(w.shares.cpu, 0.60);
  EXPECT_DOUBLE_EQ(w.shares.io, 0.20);
  EXPECT_DOUBLE_EQ(w.shares.lock, 0.10);
  EXPECT_DOUBLE_EQ(w.shares.lwlock, 0.05);
  EXPECT_DOUBLE_EQ(w.shares.client, 0.03);
  EXPECT_DOUBLE_EQ(w.shares.other, 0.02);
  EXPECT_DOUBLE_EQ(w.active.mean, 10.0);
  EXPECT_DOUBLE_EQ(w.idle_in_transaction.mean, 50.0);
  EXPECT_DOUBLE_EQ(w.busy.mean, 60.0);
  EXPECT_DOUBLE_EQ(w.mean_idle, 90.0);
  EXPECT_DOUBLE_EQ(w.connections.mean, 150.0);
}

TEST(PoolModel, AllIdleHasNoShares) {
  const WindowActivity w = summarize({second(kNow, 10, 0, 0, 40)}, kNow, 60.0);
  EXPECT_DOUBLE_EQ(w.active.mean, 0.0);
  EXPECT_DOUBLE_EQ(w.shares.cpu + w.shares.io + w.shares.lock + w.shares.lwlock + w.shares.client + w.shares.other,
                   0.0);
  EXPECT_DOUBLE_EQ(w.mean_idle, 40.0);
}

TEST(PoolModel, IdleInTransactionSpans) {
  // 20 seconds with a longest span of 100, 200, ..., 2000 ms, and 30 seconds
  // with none, which do not count as observations.
  std::vector<SecondSummary> ring;
  for (int i = 1; i <= 20; ++i) {
    SecondSummary s = second(kNow - i, 10, 1, 1);
    s.longest_idle_in_transaction_ms = static_cast<std::uint32_t>(i * 100);
    ring.push_back(s);
  }
  for (int i = 21; i <= 50; ++i) ring.push_back(second(kNow - i, 10, 1));
  const WindowActivity w = summarize(ring, kNow, 60.0);
  EXPECT_DOUBLE_EQ(w.longest_idle_in_transaction_ms, 2000.0);
  EXPECT_DOUBLE_EQ(w.p95_idle_in_transaction_ms, 1900.0);  // rank ceil(0.95 × 20) = 19

  const WindowActivity none = summarize({second(kNow, 10, 1)}, kNow, 60.0);
  EXPECT_DOUBLE_EQ(none.longest_idle_in_transaction_ms, 0.0);
  EXPECT_DOUBLE_EQ(none.p95_idle_in_transaction_ms, 0.0);
}

TEST(PoolModel, LittlesLaw) {
  WorkloadFacts w;
  w.calls = 72'000;
  w.total_ms = 7'200'000.0;
  w.elapsed_seconds = 3600.0;
  const auto law = littles_law(w);
  ASSERT_TRUE(law.has_value());
  EXPECT_DOUBLE_EQ(law->throughput_per_second, 20.0);
  EXPECT_DOUBLE_EQ(law->mean_latency_ms, 100.0);
  EXPECT_DOUBLE_EQ(law->mean_busy_connections, 2.0);
  // L = λ × W
  EXPECT_DOUBLE_EQ(law->mean_busy_connections, law->throughput_per_second * law->mean_latency_ms / 1000.0);
}

TEST(PoolModel, LittlesLawWithoutThroughputOrTime) {
  WorkloadFacts idle;
  idle.elapsed_seconds = 60.0;
  const auto law = littles_law(idle);
  ASSERT_TRUE(law.has_value());
  EXPECT_DOUBLE_EQ(law->throughput_per_second, 0.0);
  EXPECT_DOUBLE_EQ(law->mean_latency_ms, 0.0);
  EXPECT_DOUBLE_EQ(law->mean_busy_connections, 0.0);

  WorkloadFacts no_time;
  no_time.calls = 10;
  no_time.total_ms = 5.0;
  EXPECT_FALSE(littles_law(no_time).has_value());
  no_time.elapsed_seconds = -1.0;
  EXPECT_FALSE(littles_law(no_time).has_value());
}

TEST(PoolModel, CrossCheckStatesTheRatio) {
  WorkloadFacts w;
  w.calls = 1000;
  w.total_ms = 120'000.0;
  w.elapsed_seconds = 60.0;  // L = 2
  const WindowActivity sampled = summarize({second(kNow, 10, 4), second(kNow - 1, 10, 4)}, kNow, 60.0);
  const auto check = cross_check(w, sampled);
  ASSERT_TRUE(check.has_value());
  EXPECT_DOUBLE_EQ(check->law.mean_busy_connections, 2.0);
  EXPECT_DOUBLE_EQ(check->sampled_mean_active, 4.0);
  ASSERT_TRUE(check->ratio.has_value());
  EXPECT_DOUBLE_EQ(*check->ratio, 0.5);

  const auto nothing_active = cross_check(w, summarize({second(kNow, 10, 0, 0, 3)}, kNow, 60.0));
  ASSERT_TRUE(nothing_active.has_value());
  EXPECT_FALSE(nothing_active->ratio.has_value());
}

TEST(PoolModel, CacheHitRatio) {
  WorkloadFacts w;
  EXPECT_FALSE(cache_hit_ratio(w).has_value());
  w.shared_blks_hit = 990;
  w.shared_blks_read = 10;
  EXPECT_DOUBLE_EQ(*cache_hit_ratio(w), 0.99);
}

TEST(PoolModel, InstancesAreDistinctApplicationGroupsInTheWindow) {
  std::vector<GroupActivity> groups = {
      group("web-1", kNow, 1),
      group("web-1", kNow - 10, 2),       // same name in another database: one instance
      group("web-2", kNow - 3599),        // just inside a 3600 s window
      group("batch", kNow - 3600),        // just outside
      group("psql", kNow),                // a person, not a pool
      group("pgAdmin 4 - DB:app", kNow),  // a tool, whatever the case
      group("pg_dump", kNow),
      group("ghost", kNow, 1, 0),   // never sampled
      group("10.0.0.7", kNow + 2),  // touched after `now` was taken: still seen
  };
  // A name that fills the field without a terminating NUL.
  GroupActivity full = group("", kNow);
  std::memset(full.name, 'x', kGroupNameBytes);
  groups.push_back(full);

  const InstanceEstimate e = infer_instances(groups, kNow, 3600.0);
  EXPECT_EQ(e.count, 4);
  ASSERT_EQ(e.groups.size(), 4u);
  EXPECT_EQ(e.groups[0], "10.0.0.7");
  EXPECT_EQ(e.groups[1], "web-1");
  EXPECT_EQ(e.groups[2], "web-2");
  EXPECT_EQ(e.groups[3], std::string(kGroupNameBytes, 'x'));

  EXPECT_EQ(infer_instances({}, kNow, 3600.0).count, 0);
  EXPECT_EQ(infer_instances(groups, kNow, 0.0).count, 1);  // a zero window sees only the future group
}
