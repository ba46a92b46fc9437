#include "pg/advice/selection_choice.h"

#include <utility>

#include "core/advice/extend_selection.h"
#include "core/advice/merge.h"
#include "core/advice/narrow_forms.h"
#include "pg/settings.h"

namespace insights::pg {
namespace {

bool extend_chosen() { return settings.advice_selection == static_cast<int>(AdviceSelection::kExtend); }

}  // namespace

void add_selection_candidates(std::vector<advice::IndexCandidate>& candidates, AdviceCatalog& catalog,
                              double budget_bytes) {
  std::vector<advice::IndexCandidate> additions;
  if (extend_chosen())
    additions = advice::extend_pool_additions(candidates, advice::kMaxKeyColumns);
  else if (budget_bytes >= 0)
    additions = advice::narrow_forms(candidates);
  for (advice::IndexCandidate& c : additions)
    if (!advice::served_by_any(c, catalog.table(c.table_oid).indexes)) candidates.push_back(std::move(c));
}

std::vector<advice::SelectedIndex> run_selection(const std::vector<advice::WeighedCandidate>& candidates,
                                                 const advice::Workload& workload, advice::WhatIf& planner,
                                                 const advice::SelectionLimits& limits) {
  if (!extend_chosen()) return advice::select_indexes(candidates, workload, planner, limits);
  std::vector<double> calls, costs;
  for (const advice::WorkloadStatement& s : workload.statements) {
    calls.push_back(s.calls);
    costs.push_back(s.cost);
  }
  advice::ExtendLimits extend;
  extend.budget_bytes = limits.budget_bytes;
  return advice::select_indexes_extend(candidates, calls, costs, planner, extend);
}

}  // namespace insights::pg
