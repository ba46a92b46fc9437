// Which of the candidate indexes to advise: greedy rounds over the whole
// workload, each weighed by the planner with the indexes chosen so far in
// place. The planner is behind WhatIf, so the choice is plain C++ (unit
// tests give it a table of costs; src/pg gives it hypothetical indexes).
#pragma once

#include <cstddef>
#include <vector>

#include "core/advice/choose.h"
#include "core/advice/index_candidate.h"
#include "core/advice/index_size.h"

namespace insights::advice {

// The planner as the selection sees it.
class WhatIf {
 public:
  virtual ~WhatIf() = default;
  // The cost of one call of `statement` with exactly the candidates
  // `in_place` hypothetically present (besides the table's real indexes).
  // Negative when it cannot be weighed: the statement's cost stays as it was.
  virtual double cost(int statement, const std::vector<std::size_t>& in_place) = 0;
};

struct WeighedCandidate {
  IndexCandidate candidate;  // candidate.statements index into the statement vectors
  double bytes = 0;          // estimate_index_bytes
  double write_ratio = 0;    // its table's TableInfo::write_ratio
};

struct SelectedIndex {
  std::size_t candidate = 0;  // index into the candidates given
  // cost_before: its statements with the indexes chosen before it in place;
  // cost_after: with it too (call-weighted).
  Evaluation evaluation;
  double original_cost = 0;  // its statements before any advised index
};

struct SelectionLimits {
  double min_improvement_pct = 20;
  int max_indexes = 20;  // each costs a round of re-planning
  // A covering twin of a chosen index (same keys and predicate, more
  // INCLUDE columns) replaces it when its index-only scans cut the cost of
  // its statements, with the chosen one in place, by this much.
  double twin_replacement_pct = 50;
};

// Rounds: weigh every open candidate with the chosen ones in place; a
// covering twin that clears twin_replacement_pct replaces its plain
// sibling; otherwise choose() takes the best addition, where a candidate's
// gain is judged against the statements' cost before any advice (so a twin
// shaving the last few percent is not worth a second index). The chosen
// stay in place for the later rounds, and the candidates sharing a
// statement with the one taken are weighed again.
//
// statement_calls and statement_costs (one call, no advice) are indexed by
// statement id. Returns the chosen, in the order chosen (a replaced one
// keeps its place).
std::vector<SelectedIndex> select_indexes(const std::vector<WeighedCandidate>& candidates,
                                          const std::vector<double>& statement_calls,
                                          const std::vector<double>& statement_costs, WhatIf& planner,
                                          const SelectionLimits& limits);

// Whether `wider` is `base` with more INCLUDE columns.
bool extends(const IndexCandidate& wider, const IndexCandidate& base);

}  // namespace insights::advice
