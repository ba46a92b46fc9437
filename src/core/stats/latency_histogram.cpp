#include "core/stats/latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace insights {

double LatencyHistogram::lower_bound_ms(int bucket) noexcept {
  if (bucket <= 0) return 0.0;
  const int octave = bucket / kSubBuckets;
  const int sub = bucket % kSubBuckets;
  const double base_us = std::ldexp(1.0, kMinExponent + octave);
  return base_us * (1.0 + static_cast<double>(sub) / kSubBuckets) / 1000.0;
}

double LatencyHistogram::upper_bound_ms(int bucket) noexcept {
  if (bucket >= kBuckets - 1) return std::numeric_limits<double>::infinity();
  return lower_bound_ms(bucket + 1);
}

std::uint64_t LatencyHistogram::total() const noexcept {
  std::uint64_t sum = 0;
  for (std::uint32_t c : counts_) sum += c;
  return sum;
}

double LatencyHistogram::quantile(double q, double min_ms, double max_ms) const noexcept {
  const std::uint64_t n = total();
  if (n == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  // Rank of the wanted observation, 1-based, as in the nearest-rank method.
  const double rank = std::max(1.0, std::ceil(q * static_cast<double>(n)));
  if (rank >= static_cast<double>(n)) return max_ms;  // the largest is known exactly
  std::uint64_t below = 0;
  for (int b = 0; b < kBuckets; ++b) {
    const std::uint32_t c = counts_[b];
    if (c == 0) continue;
    if (static_cast<double>(below + c) >= rank) {
      const double lo = std::max(lower_bound_ms(b), min_ms);
      const double hi = std::min(upper_bound_ms(b), max_ms);
      if (hi <= lo) return std::clamp(lo, min_ms, max_ms);
      // Spread the bucket's observations evenly over [lo, hi].
      const double fraction = (rank - static_cast<double>(below) - 0.5) / c;
      return std::clamp(lo + fraction * (hi - lo), min_ms, max_ms);
    }
    below += c;
  }
  return max_ms;
}

}  // namespace insights
