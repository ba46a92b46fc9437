// A bounded distinct-count sketch: linear counting over a 256-bit bitmap
// (Whang et al., "A linear-time probabilistic counting algorithm", 1990).
// Used to tell how many different literal texts one statement arrives as.
//
// 32 bytes, trivially copyable (lives in each shared-memory entry). The
// estimate is good to a few percent up to ~256 distinct values and saturates
// near 1,400; that is plenty to tell "the same few texts" from "a new text
// every call".
#pragma once

#include <cstdint>
#include <type_traits>

namespace insights {

class DistinctSketch {
 public:
  static constexpr int kBits = 256;

  void add(std::uint64_t hash) noexcept {
    // Mix so that any input hash spreads over the bitmap.
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    const unsigned bit = static_cast<unsigned>(hash % kBits);
    words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }

  // Adds another sketch's hashes (two entries of one statement folded).
  void merge(const DistinctSketch& other) noexcept {
    for (int w = 0; w < kBits / 64; ++w) words_[w] |= other.words_[w];
  }

  bool empty() const noexcept { return words_[0] == 0 && words_[1] == 0 && words_[2] == 0 && words_[3] == 0; }
  // Estimated number of distinct hashes added; saturated() when it is a floor.
  double estimate() const noexcept;
  bool saturated() const noexcept;

 private:
  std::uint64_t words_[kBits / 64];
};

static_assert(std::is_trivially_copyable_v<DistinctSketch>);
static_assert(sizeof(DistinctSketch) == 32);

}  // namespace insights
