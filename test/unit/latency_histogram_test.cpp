#include "core/stats/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using insights::LatencyHistogram;

TEST(LatencyHistogram, BucketBoundsContainTheirValues) {
  for (double ms : {0.0, 0.004, 0.008, 0.0085, 0.0095, 0.25, 1.0, 3.7, 99.9, 100.0, 2500.0, 1e6}) {
    const int b = LatencyHistogram::bucket_of(ms);
    ASSERT_GE(b, 0);
    ASSERT_LT(b, LatencyHistogram::kBuckets);
    EXPECT_LE(LatencyHistogram::lower_bound_ms(b), ms) << ms;
    EXPECT_GT(LatencyHistogram::upper_bound_ms(b), ms) << ms;
  }
}

TEST(LatencyHistogram, BucketsAreContiguousAndAtMostOneEighthWide) {
  for (int b = 1; b + 1 < LatencyHistogram::kBuckets; ++b) {
    const double lo = LatencyHistogram::lower_bound_ms(b);
    const double hi = LatencyHistogram::upper_bound_ms(b);
    EXPECT_DOUBLE_EQ(hi, LatencyHistogram::lower_bound_ms(b + 1));
    EXPECT_LE((hi - lo) / lo, 0.125 + 1e-12) << b;
  }
  EXPECT_EQ(LatencyHistogram::bucket_of(std::nan("")), 0);
  EXPECT_EQ(LatencyHistogram::bucket_of(-1.0), 0);
  EXPECT_EQ(LatencyHistogram::bucket_of(1e12), LatencyHistogram::kBuckets - 1);
}

TEST(LatencyHistogram, EmptyHistogramReportsZero) {
  LatencyHistogram h{};
  EXPECT_EQ(h.total(), 0u);
  EXPECT_EQ(h.quantile(0.5, 0, 0), 0.0);
}

TEST(LatencyHistogram, SingleValueIsExact) {
  LatencyHistogram h{};
  h.record(42.0);
  EXPECT_DOUBLE_EQ(h.quantile(0.5, 42.0, 42.0), 42.0);
  EXPECT_DOUBLE_EQ(h.quantile(0.99, 42.0, 42.0), 42.0);
}

// Exact nearest-rank quantile of a sorted sample.
static double exact_quantile(const std::vector<double>& sorted, double q) {
  const size_t rank = static_cast<size_t>(std::max(1.0, std::ceil(q * sorted.size())));
  return sorted[rank - 1];
}

class RandomLatencies : public ::testing::TestWithParam<unsigned> {};

TEST_P(RandomLatencies, QuantilesFallInTheExactValuesBucket) {
  std::mt19937_64 rng(GetParam());
  // Web-like latencies: log-normal around 2 ms with a heavy tail.
  std::lognormal_distribution<double> dist(std::log(2.0), 1.3);
  std::vector<double> values(20000);
  LatencyHistogram h{};
  for (double& v : values) {
    v = dist(rng);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  ASSERT_EQ(h.total(), values.size());
  for (double q : {0.5, 0.9, 0.95, 0.99, 0.999}) {
    const double exact = exact_quantile(values, q);
    const double estimate = h.quantile(q, values.front(), values.back());
    const int bucket = LatencyHistogram::bucket_of(exact);
    EXPECT_GE(estimate, LatencyHistogram::lower_bound_ms(bucket)) << "q=" << q;
    EXPECT_LE(estimate, LatencyHistogram::upper_bound_ms(bucket)) << "q=" << q;
    EXPECT_NEAR(estimate, exact, exact * 0.125) << "q=" << q;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomLatencies, ::testing::Values(1u, 7u, 2024u));

TEST(LatencyHistogram, BimodalTailIsNotSmoothedAway) {
  // 98 fast calls and 2 very slow ones: p99 must be slow, p95 fast.
  LatencyHistogram h{};
  for (int i = 0; i < 98; ++i) h.record(1.0);
  h.record(500.0);
  h.record(520.0);
  EXPECT_NEAR(h.quantile(0.95, 1.0, 520.0), 1.0, 0.125);
  EXPECT_NEAR(h.quantile(0.99, 1.0, 520.0), 500.0, 500.0 * 0.125);
}

TEST(LatencyHistogram, MergeAddsObservations) {
  LatencyHistogram fast{}, slow{};
  for (int i = 0; i < 90; ++i) fast.record(2.0);
  for (int i = 0; i < 10; ++i) slow.record(300.0);
  fast.merge(slow);
  EXPECT_EQ(fast.total(), 100u);
  EXPECT_NEAR(fast.quantile(0.5, 2.0, 300.0), 2.0, 0.25);
  EXPECT_NEAR(fast.quantile(0.95, 2.0, 300.0), 300.0, 300.0 * 0.125);
}
