#include "core/stats/eviction.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

using namespace insights;

TEST(Eviction, EvictsTheLeastUsedFivePercent) {
  std::vector<EvictionCandidate> c;
  for (std::uint32_t i = 0; i < 100; ++i) c.push_back({static_cast<double>((i * 37) % 100), i});
  const EvictionRound r = choose_victims(c.data(), c.size());
  ASSERT_EQ(r.victims, 5u);
  std::set<double> victim_usage;
  for (size_t i = 0; i < r.victims; ++i) victim_usage.insert(c[i].usage);
  EXPECT_EQ(victim_usage, (std::set<double>{0, 1, 2, 3, 4}));
  for (size_t i = r.victims; i < c.size(); ++i) EXPECT_GE(c[i].usage, 5.0);
  // survivors are 5..99: median 52, decayed
  EXPECT_DOUBLE_EQ(r.survivor_median, 52.0 * kUsageDecay);
}

TEST(Eviction, AlwaysEvictsAtLeastOne) {
  EvictionCandidate one[] = {{3.0, 7}};
  EvictionRound r = choose_victims(one, 1);
  EXPECT_EQ(r.victims, 1u);
  EXPECT_EQ(one[0].slot, 7u);
  EXPECT_EQ(choose_victims(nullptr, 0).victims, 0u);
}

TEST(Eviction, FrequentStatementsSurviveAFloodOfOneOffs) {
  // One hot statement among 999 one-offs: it must never be chosen.
  std::vector<EvictionCandidate> c;
  c.push_back({500.0, 0});
  for (std::uint32_t i = 1; i < 1000; ++i) c.push_back({kInitialUsage, i});
  const EvictionRound r = choose_victims(c.data(), c.size());
  EXPECT_EQ(r.victims, 50u);
  for (size_t i = 0; i < r.victims; ++i) EXPECT_NE(c[i].slot, 0u);
}

TEST(Eviction, AgreesWithAFullSortAtEverySize) {
  // Sizes from 1 to 400, usages with many ties: the victims are the
  // least used by (usage, slot), and the median is the survivors' middle.
  std::uint32_t seed = 12345;
  for (std::uint32_t n = 1; n <= 400; ++n) {
    std::vector<EvictionCandidate> c;
    for (std::uint32_t i = 0; i < n; ++i) {
      seed = seed * 1103515245u + 12345u;
      c.push_back({static_cast<double>((seed >> 16) % 23), i});
    }
    std::vector<EvictionCandidate> sorted = c;
    std::sort(sorted.begin(), sorted.end(), [](const EvictionCandidate& a, const EvictionCandidate& b) {
      return a.usage < b.usage || (a.usage == b.usage && a.slot < b.slot);
    });
    const EvictionRound r = choose_victims(c.data(), c.size());
    const std::size_t expected_victims = (n + 19) / 20;  // ceil(5%)
    ASSERT_EQ(r.victims, expected_victims) << n;
    std::set<std::uint32_t> chosen, expected;
    for (std::size_t i = 0; i < r.victims; ++i) {
      chosen.insert(c[i].slot);
      expected.insert(sorted[i].slot);
    }
    ASSERT_EQ(chosen, expected) << n;
    const std::size_t survivors = n - r.victims;
    const double median = survivors > 0 ? sorted[r.victims + survivors / 2].usage * kUsageDecay : kInitialUsage;
    ASSERT_DOUBLE_EQ(r.survivor_median, median) << n;
  }
}
