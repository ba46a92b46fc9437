// Which statements to forget when the store is full.
//
// Each entry carries a "usage" score: +1 per call, multiplied by kUsageDecay
// at every eviction round, so it measures recent frequency. A round evicts
// the kEvictFraction least used entries at once (at least one), so a stream
// of new statements pays for an eviction once per many inserts rather than
// on every insert. A new entry starts at the median usage of the survivors
// of the last round: a statement seen once is not thrown out before it had a
// chance to be called again, and one-off statements still go before the
// frequent ones.
#pragma once

#include <cstddef>
#include <cstdint>

namespace insights {

inline constexpr double kUsageDecay = 0.99;
inline constexpr double kEvictFraction = 0.05;
inline constexpr double kInitialUsage = 1.0;  // before the first round

struct EvictionCandidate {
  double usage;
  std::uint32_t slot;  // the caller's reference to the entry
};

struct EvictionRound {
  std::size_t victims;        // candidates[0 .. victims) are to be evicted
  double survivor_median;     // usage a new entry should start with
};

// Reorders candidates so the least used come first and says how many of
// them to evict. No allocation; safe to call under a lock.
EvictionRound choose_victims(EvictionCandidate* candidates, std::size_t n) noexcept;

}  // namespace insights
