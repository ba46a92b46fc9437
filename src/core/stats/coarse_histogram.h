// A coarse latency histogram for the per-bucket history: two bins per power
// of two (the LatencyHistogram's eight sub-buckets folded four by four), so
// a history row stays small while its p95 keeps an error below one bin
// (at most 50% of the bin's lower bound, about 15% once interpolated).
//
// Additive: the rows of several statements, users or buckets merge into
// one histogram, from which a window's p95 is read (regressions).
// Trivially copyable: history rows live in shared memory.
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/stats/latency_histogram.h"

namespace insights {

class CoarseHistogram {
 public:
  static constexpr int kFold = 4;  // fine buckets per coarse bin
  static constexpr int kBins = LatencyHistogram::kBuckets / kFold;
  static_assert(LatencyHistogram::kBuckets % kFold == 0);

  // What `now` holds beyond `before` (the same statement's histogram at the
  // previous bucket change). A bucket that went down (the counters were
  // reset in between) counts as `now` alone.
  static CoarseHistogram delta(const LatencyHistogram& now, const LatencyHistogram* before) noexcept;

  static double lower_bound_ms(int bin) noexcept { return LatencyHistogram::lower_bound_ms(bin * kFold); }
  static double upper_bound_ms(int bin) noexcept {
    return LatencyHistogram::upper_bound_ms(bin * kFold + kFold - 1);
  }

  void add(int bin, std::uint32_t n) noexcept { counts_[bin] += n; }
  void merge(const CoarseHistogram& other) noexcept {
    for (int b = 0; b < kBins; ++b) counts_[b] += other.counts_[b];
  }
  std::uint64_t total() const noexcept;
  std::uint32_t count(int bin) const noexcept { return counts_[bin]; }

  // The q-quantile (0 < q ≤ 1), interpolated inside its bin. The last bin
  // has no upper bound: its quantile is its lower bound. 0 when empty.
  double quantile(double q) const noexcept;

 private:
  std::uint32_t counts_[kBins];
};

static_assert(std::is_trivially_copyable_v<CoarseHistogram>);

}  // namespace insights
