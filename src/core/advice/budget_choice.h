// Under a storage budget, pg_insights' selection (selection.h) and Extend's
// (extend_selection.h) are run over the same candidates and the same
// planner, and the set that leaves the workload cheaper is advised. Each
// greedy selection misses sets the other finds: pg_insights' starts from
// the statements' own shapes and weighs pairs, Extend grows key lists one
// column at a time by benefit per byte; at small budgets either can be the
// better (test/bench/index_advice_budget.sh). Both sets are weighed by the
// same what-if estimate, so the one advised is never worse than the other
// by the planner's measure. Each weighs the candidates it would weigh alone
// (IndexCandidate::pool): pg_insights' the pool and its narrow forms,
// Extend the pool and its additions (extend_pool_additions).
#pragma once

#include <vector>

#include "core/advice/selection.h"

namespace insights::advice {

// The workload's call-weighted planner cost with `chosen` (indexes into
// `candidates`) in place: each statement a chosen candidate is meant for
// planned once with every chosen index in place, the rest as recorded.
double workload_cost_with(const std::vector<SelectedIndex>& chosen, const std::vector<WeighedCandidate>& candidates,
                          const Workload& workload, WhatIf& planner);

// Which of the two sets was advised, for the rows' rationale and the tests.
enum class BudgetWinner { kOwn, kExtend };

struct BudgetChoice {
  std::vector<SelectedIndex> selected;
  BudgetWinner winner = BudgetWinner::kOwn;
  double own_cost = 0;     // workload_cost_with pg_insights' set
  double extend_cost = 0;  // ... with Extend's
};

// Both selections within limits.budget_bytes (which must be >= 0); Extend's
// set only when its workload cost is lower (pg_insights' on a tie: its
// indexes cleared the bars). Extend takes only the budget from limits.
BudgetChoice select_within_budget(const std::vector<WeighedCandidate>& candidates, const Workload& workload,
                                  WhatIf& planner, const SelectionLimits& limits);

}  // namespace insights::advice
