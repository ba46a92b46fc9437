#include "core/stats/distinct_sketch.h"

#include <bitset>
#include <cmath>

namespace insights {
namespace {

int set_bits(const std::uint64_t* words) {
  int n = 0;
  for (int i = 0; i < DistinctSketch::kBits / 64; ++i) n += static_cast<int>(std::bitset<64>(words[i]).count());
  return n;
}

}  // namespace

double DistinctSketch::estimate() const noexcept {
  const int zero = kBits - set_bits(words_);
  // Linear counting: n ≈ -m ln(V), V the fraction of bits still zero. With
  // no zero bit left, report the estimate for one zero bit (a floor).
  const double v = static_cast<double>(zero > 0 ? zero : 1) / kBits;
  return -static_cast<double>(kBits) * std::log(v);
}

bool DistinctSketch::saturated() const noexcept { return set_bits(words_) == kBits; }

}  // namespace insights
