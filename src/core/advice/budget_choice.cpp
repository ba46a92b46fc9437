// The better of pg_insights' and Extend's selections under a budget
// (budget_choice.h).
#include "core/advice/budget_choice.h"

#include <algorithm>
#include <cstddef>
#include <set>

#include "core/advice/extend_selection.h"

namespace insights::advice {

double workload_cost_with(const std::vector<SelectedIndex>& chosen, const std::vector<WeighedCandidate>& candidates,
                          const Workload& workload, WhatIf& planner) {
  std::vector<std::size_t> in_place;
  std::set<int> touched;
  for (const SelectedIndex& s : chosen) {
    in_place.push_back(s.candidate);
    touched.insert(candidates[s.candidate].candidate.statements.begin(),
                   candidates[s.candidate].candidate.statements.end());
    touched.insert(s.evaluation.candidate.statements.begin(), s.evaluation.candidate.statements.end());
  }
  std::sort(in_place.begin(), in_place.end());
  double total = 0;
  for (std::size_t s = 0; s < workload.statements.size(); ++s) {
    const WorkloadStatement& w = workload.statements[s];
    double cost = w.cost;
    if (touched.count(static_cast<int>(s))) {
      const double planned = planner.cost(static_cast<int>(s), in_place);
      if (planned >= 0) cost = planned;  // else could not be weighed: as recorded
    }
    total += w.calls * cost;
  }
  return total;
}

BudgetChoice select_within_budget(const std::vector<WeighedCandidate>& candidates, const Workload& workload,
                                  WhatIf& planner, const SelectionLimits& limits) {
  BudgetChoice choice;
  choice.selected = select_indexes(candidates, workload, planner, limits);
  std::vector<double> calls, costs;
  for (const WorkloadStatement& s : workload.statements) {
    calls.push_back(s.calls);
    costs.push_back(s.cost);
  }
  ExtendLimits extend_limits;
  extend_limits.budget_bytes = limits.budget_bytes;
  std::vector<SelectedIndex> extend = select_indexes_extend(candidates, calls, costs, planner, extend_limits);
  choice.own_cost = workload_cost_with(choice.selected, candidates, workload, planner);
  choice.extend_cost = workload_cost_with(extend, candidates, workload, planner);
  if (choice.extend_cost < choice.own_cost) {
    choice.selected = std::move(extend);
    choice.winner = BudgetWinner::kExtend;
  }
  return choice;
}

}  // namespace insights::advice
