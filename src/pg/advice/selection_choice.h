// Which selection insights.index_advice() runs (insights.advice_selection):
// pg_insights' own (core/advice/selection.h) or, for benchmark comparisons,
// Extend (core/advice/extend_selection.h) over the same candidates and the
// same hypothetical indexes.
#pragma once

#include <vector>

#include "core/advice/index_candidate.h"
#include "core/advice/selection.h"
#include "pg/advice/advice_catalog.h"

namespace insights::pg {

// With Extend: the candidates it needs that the pool lacks (one-key
// indexes, key prefixes and pairs derived from the pool's keys:
// extend_pool_additions), except those an existing index serves, are
// added before the hypothetical indexes are built. Nothing otherwise.
void add_selection_candidates(std::vector<advice::IndexCandidate>& candidates, AdviceCatalog& catalog);

// The selection the setting names. budget_bytes: total bytes of new
// indexes, 0 or less for none.
std::vector<advice::SelectedIndex> run_selection(const std::vector<advice::WeighedCandidate>& candidates,
                                                 const std::vector<double>& statement_calls,
                                                 const std::vector<double>& statement_costs, advice::WhatIf& planner,
                                                 const advice::SelectionLimits& limits, double budget_bytes);

// insights.advice_budget_mb in bytes (0: none).
double selection_budget_bytes();

}  // namespace insights::pg
