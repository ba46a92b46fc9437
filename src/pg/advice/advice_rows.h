// One advised index as a row of index_advice_row, with its rationale.
#pragma once

#include <vector>

#include "core/advice/selection.h"
#include "pg/advice/advised_statement.h"

extern "C" {
#include "nodes/execnodes.h"
}

namespace insights::pg {

// Columns of index_advice_row.
inline constexpr int kAdviceColumns = 14;

// What the rationale says about one chosen index.
struct AdviceFacts {
  const advice::SelectedIndex& chosen;
  const advice::WeighedCandidate& weighed;
  const advice::WeighedCandidate* partner;  // chosen together with it, or nullptr
  double rows_written_per_hour;             // its table, by the tracked statements
};

// Appends the row for the chosen index to rsinfo's tuplestore
// (chosen.evaluation.cost_before has the indexes listed before it in place).
void emit_advice(ReturnSetInfo* rsinfo, const AdviceFacts& facts, const std::vector<AdvisedStatement>& statements,
                 const advice::TableInfo& table);

// Appends the row for a candidate the planner could not weigh because its
// operator class's extension is missing (candidate.missing_extension):
// cost_after and est_improvement_pct are NULL, and the rationale says how
// it was judged and what to install.
void emit_unvalidated_advice(ReturnSetInfo* rsinfo, const advice::IndexCandidate& candidate, double bytes,
                             const std::vector<AdvisedStatement>& statements, const advice::TableInfo& table);

}  // namespace insights::pg
