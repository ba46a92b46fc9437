#include "pg/advice/selection_choice.h"

#include <utility>

#include "core/advice/candidates.h"
#include "core/advice/extend_selection.h"
#include "core/advice/merge.h"
#include "pg/settings.h"

namespace insights::pg {
namespace {

bool extend_chosen() { return settings.advice_selection == static_cast<int>(AdviceSelection::kExtend); }

}  // namespace

void add_selection_candidates(std::vector<advice::IndexCandidate>& candidates, AdviceCatalog& catalog) {
  if (!extend_chosen()) return;
  for (advice::IndexCandidate& c : advice::extend_pool_additions(candidates, advice::kMaxKeyColumns))
    if (!advice::served_by_any(c, catalog.table(c.table_oid).indexes)) candidates.push_back(std::move(c));
}

std::vector<advice::SelectedIndex> run_selection(const std::vector<advice::WeighedCandidate>& candidates,
                                                 const std::vector<double>& statement_calls,
                                                 const std::vector<double>& statement_costs, advice::WhatIf& planner,
                                                 const advice::SelectionLimits& limits, double budget_bytes) {
  if (!extend_chosen())
    return advice::select_indexes(candidates, statement_calls, statement_costs, planner, limits);
  advice::ExtendLimits extend;
  extend.budget_bytes = budget_bytes;
  return advice::select_indexes_extend(candidates, statement_calls, statement_costs, planner, extend);
}

double selection_budget_bytes() { return settings.advice_budget_mb * 1024.0 * 1024.0; }

}  // namespace insights::pg
