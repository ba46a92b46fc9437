#include "pg/advice/selection_choice.h"

#include <utility>

#include "core/advice/budget_choice.h"
#include "core/advice/extend_selection.h"
#include "core/advice/merge.h"
#include "core/advice/narrow_forms.h"
#include "pg/settings.h"

namespace insights::pg {
namespace {

bool extend_chosen() { return settings.advice_selection == static_cast<int>(AdviceSelection::kExtend); }

// Extend's additions (for Extend alone) and the narrow forms (for
// pg_insights' own selection alone): a form in both is two candidates, one
// for each, so that each selection weighs what it would weigh alone.
std::vector<advice::IndexCandidate> budget_additions(const std::vector<advice::IndexCandidate>& pool) {
  std::vector<advice::IndexCandidate> out = advice::extend_pool_additions(pool, advice::kMaxKeyColumns);
  for (advice::IndexCandidate& form : advice::narrow_forms(pool)) out.push_back(std::move(form));
  return out;
}

}  // namespace

void add_selection_candidates(std::vector<advice::IndexCandidate>& candidates, AdviceCatalog& catalog,
                              double budget_bytes) {
  std::vector<advice::IndexCandidate> additions;
  if (extend_chosen())
    additions = advice::extend_pool_additions(candidates, advice::kMaxKeyColumns);
  else if (budget_bytes >= 0)
    additions = budget_additions(candidates);
  for (advice::IndexCandidate& c : additions)
    if (!advice::served_by_any(c, catalog.table(c.table_oid).indexes)) candidates.push_back(std::move(c));
}

std::vector<advice::SelectedIndex> run_selection(const std::vector<advice::WeighedCandidate>& candidates,
                                                 const advice::Workload& workload, advice::WhatIf& planner,
                                                 const advice::SelectionLimits& limits) {
  if (!extend_chosen()) {
    if (limits.budget_bytes < 0) return advice::select_indexes(candidates, workload, planner, limits);
    return advice::select_within_budget(candidates, workload, planner, limits).selected;
  }
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
