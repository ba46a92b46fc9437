// Fixed-size latency histogram with log-linear buckets.
//
// Why log-linear: latencies span six orders of magnitude (10 µs .. minutes),
// and a percentile is only useful when its error is relative. Each power of
// two from 16 µs up is split into 8 equal sub-buckets, so a bucket is at most
// 12.5% of its lower bound wide. A reported percentile lies in the same
// bucket as the exact one (interpolated inside it and clamped to the observed
// min/max), so its error is below one bucket: ≤ 12.5% relative, and typically
// ~3%. Below 16 µs everything falls into bucket 0; at or above 2^27 µs (~134 s)
// into the last bucket, whose percentile is bounded by the observed maximum.
//
// The struct is trivially copyable: it lives inside shared memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace insights {

class LatencyHistogram {
 public:
  static constexpr int kSubBuckets = 8;        // per power of two
  static constexpr int kMinExponent = 4;       // 2^4 µs = 16 µs
  static constexpr int kOctaves = 23;          // up to 2^27 µs ≈ 134 s
  static constexpr int kBuckets = kSubBuckets * kOctaves;
  static constexpr double kMinMicros = 1 << kMinExponent;
  static_assert(kSubBuckets == 8, "bucket_of() reads three mantissa bits");

  // Index of the bucket that holds a duration in milliseconds. Inline: the
  // executor hook calls it for every statement. It reads the power of two
  // and the top mantissa bits straight from the IEEE 754 representation
  // (frexp() costs a library call): exponent e and the first three mantissa
  // bits give octave e - kMinExponent and sub-bucket 0..7.
  static int bucket_of(double ms) noexcept {
    const double us = ms * 1000.0;
    if (!(us >= kMinMicros)) return 0;  // also NaN
    std::uint64_t bits;
    std::memcpy(&bits, &us, sizeof bits);
    const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    const int octave = exponent - kMinExponent;
    if (octave >= kOctaves) return kBuckets - 1;
    const int sub = static_cast<int>((bits >> (52 - 3)) & (kSubBuckets - 1));
    return octave * kSubBuckets + sub;
  }
  // Bucket bounds in milliseconds: [lower, upper). The last bucket's upper
  // bound is +infinity.
  static double lower_bound_ms(int bucket) noexcept;
  static double upper_bound_ms(int bucket) noexcept;

  void record(double ms) noexcept { ++counts_[bucket_of(ms)]; }
  // Adds another histogram's observations (e.g. all statements of a role).
  void merge(const LatencyHistogram& other) noexcept {
    for (int b = 0; b < kBuckets; ++b) counts_[b] += other.counts_[b];
  }
  std::uint64_t total() const noexcept;
  // Observations in one bucket (0 ≤ bucket < kBuckets): the report draws them, history diffs them.
  std::uint32_t count(int bucket) const noexcept { return counts_[bucket]; }

  // The q-quantile (0 < q ≤ 1), interpolated within its bucket and clamped
  // to [min_ms, max_ms], the exact extremes the caller kept. 0 when empty.
  double quantile(double q, double min_ms, double max_ms) const noexcept;

 private:
  std::uint32_t counts_[kBuckets];
};

static_assert(std::is_trivially_copyable_v<LatencyHistogram>);

}  // namespace insights
