#include "core/stats/eviction.h"

#include <algorithm>
#include <cmath>

namespace insights {

EvictionRound choose_victims(EvictionCandidate* candidates, std::size_t n) noexcept {
  if (n == 0) return {0, kInitialUsage};
  std::size_t victims = static_cast<std::size_t>(std::ceil(static_cast<double>(n) * kEvictFraction));
  victims = std::clamp<std::size_t>(victims, 1, n);
  auto less_used = [](const EvictionCandidate& a, const EvictionCandidate& b) {
    return a.usage < b.usage || (a.usage == b.usage && a.slot < b.slot);
  };
  EvictionCandidate* first = candidates;
  EvictionCandidate* last = candidates + n;
  const std::size_t survivors = n - victims;
  if (survivors == 0) return {victims, kInitialUsage};
  // The survivors' median first, over all candidates: everything before it
  // is no more used than it, so the victims (the least used, fewer than
  // half) are then chosen among that first half alone. Two selections, the
  // second over half the candidates.
  EvictionCandidate* mid = first + victims + survivors / 2;
  std::nth_element(first, mid, last, less_used);
  const double median = mid->usage * kUsageDecay;
  std::nth_element(first, first + (victims - 1), mid, less_used);
  // The victims are now the first `victims` elements (in no order).
  return {victims, median};
}

}  // namespace insights
