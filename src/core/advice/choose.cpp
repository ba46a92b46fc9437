// The choice of one round among the candidates the planner weighed.
#include "core/advice/choose.h"

#include <algorithm>

namespace insights::advice {
namespace {

// The write penalty stops growing at this many rows written per row read.
constexpr double kMaxWritePenaltyRatio = 4.0;
constexpr double kWritePenaltyPointsPerRatio = 10.0;

}  // namespace

double required_improvement_pct(double min_improvement_pct, double write_ratio) {
  const double ratio = std::clamp(write_ratio, 0.0, kMaxWritePenaltyRatio);
  return min_improvement_pct + ratio * kWritePenaltyPointsPerRatio;
}

std::vector<std::size_t> choose(const std::vector<Evaluation>& evals, double min_improvement_pct) {
  std::vector<std::size_t> eligible;
  for (std::size_t i = 0; i < evals.size(); ++i) {
    // Written so that a NaN improvement is dropped too.
    // An index must gain something, whatever the threshold (0 included).
    const double gain = evals[i].improvement_pct();
    if (gain > 0.0 && gain >= required_improvement_pct(min_improvement_pct, evals[i].write_ratio)) {
      eligible.push_back(i);
    }
  }
  auto benefit_per_byte = [&](std::size_t i) {
    const double bytes = evals[i].bytes > 1.0 ? evals[i].bytes : 1.0;
    return (evals[i].cost_before - evals[i].cost_after) / bytes;
  };
  std::stable_sort(eligible.begin(), eligible.end(),
                   [&](std::size_t a, std::size_t b) { return benefit_per_byte(a) > benefit_per_byte(b); });

  std::vector<std::size_t> chosen;
  for (std::size_t i : eligible) {
    const IndexCandidate& candidate = evals[i].candidate;
    auto served_by_chosen = [&](int statement) {
      return std::any_of(chosen.begin(), chosen.end(), [&](std::size_t c) {
        const IndexCandidate& other = evals[c].candidate;
        return other.table_oid == candidate.table_oid &&
               std::binary_search(other.statements.begin(), other.statements.end(), statement);
      });
    };
    if (std::all_of(candidate.statements.begin(), candidate.statements.end(), served_by_chosen)) continue;
    chosen.push_back(i);
  }
  return chosen;
}

}  // namespace insights::advice
