#include "core/stats/coarse_histogram.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace insights {

CoarseHistogram CoarseHistogram::delta(const LatencyHistogram& now, const LatencyHistogram* before) noexcept {
  CoarseHistogram h;
  std::memset(&h, 0, sizeof h);
  bool went_down = false;
  if (before != nullptr)
    for (int b = 0; b < LatencyHistogram::kBuckets && !went_down; ++b) went_down = now.count(b) < before->count(b);
  const LatencyHistogram* base = went_down ? nullptr : before;
  for (int b = 0; b < LatencyHistogram::kBuckets; ++b)
    h.counts_[b / kFold] += now.count(b) - (base != nullptr ? base->count(b) : 0);
  return h;
}

std::uint64_t CoarseHistogram::total() const noexcept {
  std::uint64_t sum = 0;
  for (std::uint32_t c : counts_) sum += c;
  return sum;
}

double CoarseHistogram::quantile(double q) const noexcept {
  const std::uint64_t n = total();
  if (n == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  const double rank = std::max(1.0, std::ceil(q * static_cast<double>(n)));
  std::uint64_t below = 0;
  for (int b = 0; b < kBins; ++b) {
    const std::uint32_t c = counts_[b];
    if (c == 0) continue;
    if (static_cast<double>(below + c) >= rank) {
      const double lo = lower_bound_ms(b);
      const double hi = upper_bound_ms(b);
      if (!std::isfinite(hi)) return lo;
      const double fraction = (rank - static_cast<double>(below) - 0.5) / c;
      return lo + fraction * (hi - lo);
    }
    below += c;
  }
  return 0.0;
}

}  // namespace insights
