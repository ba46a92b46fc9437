// Extend (Schlosser, Kossmann, Boissier, ICDE 2019; evaluated by Kossmann
// et al., PVLDB 13(11), 2020): the published index selection that
// pg_insights' own (selection.h) is measured against. It runs over the same
// candidate pool and the same WhatIf planner, chosen by the setting
// insights.advice_selection = 'extend' (a benchmark comparison:
// test/bench/index_advice_budget.sh). Written from the paper's description.
//
// Extend's indexes are key lists: it starts from one-key indexes and grows
// them one key at a time. Each step weighs, with the chosen indexes in
// place,
//   - adding a one-key candidate not chosen yet, and
//   - replacing a chosen index I by an extension of it (a candidate whose
//     keys are I's keys and one more, same table and partial predicate),
// and takes the step with the largest cut of the workload's cost per
// additional byte that fits the budget. It stops when no step fits or none
// cuts the workload's cost by min_cost_ratio. Candidates with INCLUDE
// columns are never taken (the paper's indexes have none).
#pragma once

#include <cstddef>
#include <vector>

#include "core/advice/candidates.h"
#include "core/advice/index_candidate.h"
#include "core/advice/selection.h"

namespace insights::advice {

struct ExtendLimits {
  double budget_bytes = -1;  // total estimated bytes of the chosen; negative: no budget
  // A step must make the workload's cost before / after at least this:
  // 1.003 in the evaluation by Kossmann et al.
  double min_cost_ratio = 1.003;
  int max_key_columns = kMaxKeyColumns;
  int max_steps = 200;  // each step re-plans the statements of every open step
};

// Whether `wider` is `base` with one more key at the end (same table,
// predicate, no INCLUDE columns in either).
bool extends_by_one_key(const IndexCandidate& wider, const IndexCandidate& base);

// statement_calls and statement_costs (one call, no advice) are indexed by
// statement id, as for select_indexes. Returns the final indexes in the
// order their first key was chosen. Each one's evaluation: the cost of the
// statements it serves with every other chosen index in place, then with it
// too; its candidate's statements are narrowed to those it makes cheaper.
std::vector<SelectedIndex> select_indexes_extend(const std::vector<WeighedCandidate>& candidates,
                                                 const std::vector<double>& statement_calls,
                                                 const std::vector<double>& statement_costs, WhatIf& planner,
                                                 const ExtendLimits& limits);

// The candidates Extend needs that `pool` lacks, derived from the pool's
// B-tree keys (Extend's indexes are B-tree key lists). Per table and
// partial predicate: a one-key index on every key term
// of its candidates; every prefix of each candidate's keys followed by its
// INCLUDE columns as keys (the steps from its first key to it, and on to a
// key that covers what it reads: Extend extends by any attribute a query
// accesses); every two-key pair of key terms that appear together in a
// candidate, in either order; and each of these key lists (and the pool's
// without INCLUDE columns) extended by one more column the group's
// candidates use as a key or INCLUDE, the step past the pool's own
// shapes. None has INCLUDE columns; each is meant for
// every statement of the pool's candidates on its table (the planner
// decides which it serves). Deterministic order, none equal to a pool
// candidate or to another.
std::vector<IndexCandidate> extend_pool_additions(const std::vector<IndexCandidate>& pool, int max_key_columns);

}  // namespace insights::advice
