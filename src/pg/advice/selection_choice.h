// Which selection insights.index_advice() runs (insights.advice_selection):
// pg_insights' own (core/advice/selection.h) or, for benchmark comparisons,
// Extend (core/advice/extend_selection.h) over the same candidates, the same
// hypothetical indexes and the same budget.
#pragma once

#include <vector>

#include "core/advice/index_candidate.h"
#include "core/advice/selection.h"
#include "pg/advice/advice_catalog.h"

namespace insights::pg {

// With Extend: the candidates it needs that the pool lacks (one-key
// indexes, key paths and pairs derived from the pool's keys:
// extend_pool_additions), except those an existing index serves, are
// added before the hypothetical indexes are built. With pg_insights' own
// selection under a budget (budget_bytes >= 0): the same additions and the
// narrow forms of the pool's candidates (narrow_forms.h), so that it can
// start narrow and widen within the budget, and so that Extend, run beside
// it (budget_choice.h), has its own pool. Nothing otherwise: the
// unbudgeted advice weighs the pool as merged.
void add_selection_candidates(std::vector<advice::IndexCandidate>& candidates, AdviceCatalog& catalog,
                              double budget_bytes);

// The selection the setting names. Extend takes only limits.budget_bytes;
// it ignores the bars and the measured times. pg_insights' own under a
// budget: the better of its set and Extend's (select_within_budget).
std::vector<advice::SelectedIndex> run_selection(const std::vector<advice::WeighedCandidate>& candidates,
                                                 const advice::Workload& workload, advice::WhatIf& planner,
                                                 const advice::SelectionLimits& limits);

}  // namespace insights::pg
