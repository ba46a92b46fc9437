#include "core/stats/distinct_sketch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

using insights::DistinctSketch;

TEST(DistinctSketch, EmptyEstimatesZero) {
  DistinctSketch s{};
  EXPECT_TRUE(s.empty());
  EXPECT_DOUBLE_EQ(s.estimate(), 0.0);
  EXPECT_FALSE(s.saturated());
}

TEST(DistinctSketch, RepeatsCountOnce) {
  DistinctSketch s{};
  for (int i = 0; i < 1000; ++i) s.add(std::hash<std::string>{}("SELECT * FROM t WHERE id = 42"));
  EXPECT_NEAR(s.estimate(), 1.0, 0.01);
}

TEST(DistinctSketch, EstimatesWithinTenPercentUpToTwoHundred) {
  for (int n : {5, 20, 50, 100, 200}) {
    DistinctSketch s{};
    for (int i = 0; i < n; ++i)
      for (int repeat = 0; repeat < 3; ++repeat)
        s.add(std::hash<std::string>{}("SELECT * FROM t WHERE id = " + std::to_string(i)));
    EXPECT_NEAR(s.estimate(), n, 0.1 * n + 1) << n;
  }
}

TEST(DistinctSketch, SaturatesAsAFloor) {
  DistinctSketch s{};
  for (std::uint64_t i = 1; i <= 20000; ++i) s.add(i * 0x9e3779b97f4a7c15ULL);
  EXPECT_TRUE(s.saturated());
  EXPECT_NEAR(s.estimate(), 256 * std::log(256.0), 1e-9);
}
