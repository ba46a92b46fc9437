// Which of the candidate indexes to advise: greedy rounds over the whole
// workload, each move weighed by the planner with the indexes chosen so far
// in place. The planner is behind WhatIf, so the choice is plain C++ (unit
// tests give it a table of costs; src/pg gives it hypothetical indexes).
#pragma once

#include <cstddef>
#include <string>
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
  // Maintenance: index_write_ms_per_hour of its table's measured write rate.
  double write_ms_per_hour = 0;
  // The existing unique index whose key this candidate repeats (a covering
  // twin of a primary key), or empty.
  std::string repeats_unique;
};

// One tracked statement as the selection weighs it.
struct WorkloadStatement {
  double calls = 0;    // recorded calls
  double cost = 0;     // planner cost of one call before any advice
  double mean_ms = 0;  // measured mean time of one call; 0 when unknown
};

struct Workload {
  std::vector<WorkloadStatement> statements;
  // The time the calls were recorded over (since the statistics were
  // reset); 0 when unknown: then no absolute bar applies.
  double window_hours = 0;
};

struct SelectedIndex {
  std::size_t candidate = 0;  // index into the candidates given
  // cost_before: its statements with the indexes chosen before it in place
  // (for a replacement, before the one it replaced); cost_after: with it too
  // (call-weighted). Its candidate.statements include those of an index it
  // replaced.
  Evaluation evaluation;
  double original_cost = 0;   // its statements before any advised index
  double ms_per_hour = -1;    // statement time it saved per hour; < 0 unknown
  double write_ms_per_hour = 0;
  // Chosen together with another candidate (the other side of a join):
  // neither cleared the bars alone. SIZE_MAX when alone.
  std::size_t paired_with = static_cast<std::size_t>(-1);
  bool only_fast_statements = false;  // it passed the large-saving bar for fast statements
};

struct SelectionLimits {
  double min_improvement_pct = 20;
  int max_indexes = 20;  // each costs a round of re-planning
  // See Bars::twin_replacement_pct.
  double twin_replacement_pct = 50;
  // Total bytes of the advised indexes; negative: no budget.
  double budget_bytes = -1;
  // A statement whose measured mean is under this is fast
  // (insights.advice_min_ms); 0: none is.
  double fast_statement_ms = 0;
};

// Rounds over moves, as Extend does: add an open candidate, add two that
// serve one statement from different tables together (when neither clears
// the bars alone), or replace a chosen index by one that extends it (more
// key columns after its keys, or more INCLUDE columns). Every move is
// weighed with the chosen indexes in place; those that clear the bars
// (choose.h) and fit the budget compete by benefit per byte, the best is
// made, and the moves sharing a statement with it are weighed again.
// One index per key: candidates with the same table, keys and predicate
// (twins differing by INCLUDE) never stand together, and no chosen index is
// a prefix of another (index_health() would call it redundant).
// Returns the chosen, in the order chosen (a replacement takes its
// predecessor's place).
std::vector<SelectedIndex> select_indexes(const std::vector<WeighedCandidate>& candidates, const Workload& workload,
                                          WhatIf& planner, const SelectionLimits& limits);
// The same with times unknown (calls and one call's cost per statement).
std::vector<SelectedIndex> select_indexes(const std::vector<WeighedCandidate>& candidates,
                                          const std::vector<double>& statement_calls,
                                          const std::vector<double>& statement_costs, WhatIf& planner,
                                          const SelectionLimits& limits);

// Whether `wider` is `base` with more INCLUDE columns.
bool extends(const IndexCandidate& wider, const IndexCandidate& base);
// Whether `wider` does all `base` does as an index: same table and
// predicate, base's keys lead wider's in order, base's INCLUDE columns are
// stored in wider (index_health()'s "redundant", for B-trees), and they
// differ.
bool widens(const IndexCandidate& wider, const IndexCandidate& base);
// Same table, keys and predicate (twins, whatever their INCLUDE columns).
bool same_key(const IndexCandidate& a, const IndexCandidate& b);

}  // namespace insights::advice
