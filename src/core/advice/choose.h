// One round's choice among candidates the planner weighed.
#pragma once

#include <cstddef>
#include <vector>

#include "core/advice/index_candidate.h"

namespace insights::advice {

// What the planner said about a candidate, for the final choice.
struct Evaluation {
  IndexCandidate candidate;
  double cost_before = 0;   // call-weighted planner cost of its statements without it
  double cost_after = 0;    // ... with it (hypothetically)
  double bytes = 0;         // estimate_index_bytes
  double write_ratio = 0;   // the table's TableInfo::write_ratio
  double improvement_pct() const { return cost_before > 0 ? 100.0 * (cost_before - cost_after) / cost_before : 0; }
};

// Greedy choice: drop evaluations whose improvement is below
// min_improvement_pct (raised by a write penalty: +min(write_ratio, 4) * 10
// percentage points on heavily written tables), then take by benefit per
// byte ((cost_before - cost_after) / bytes), skipping a candidate whose
// statements are all already served by a chosen one on the same table.
// Equal benefit per byte keeps the order of evals. Returns indices into
// evals, in the order chosen.
std::vector<std::size_t> choose(const std::vector<Evaluation>& evals, double min_improvement_pct);
double required_improvement_pct(double min_improvement_pct, double write_ratio);

}  // namespace insights::advice
