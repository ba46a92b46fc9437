// One advised index as a row of index_advice_row, with its rationale.
#pragma once

#include <vector>

#include "core/advice/choose.h"
#include "pg/advice/advised_statement.h"

extern "C" {
#include "nodes/execnodes.h"
}

namespace insights::pg {

// Columns of index_advice_row.
inline constexpr int kAdviceColumns = 14;

// Appends the row for e to rsinfo's tuplestore. original_cost: e's
// statements before any advised index (e.cost_before has the indexes listed
// before it in place).
void emit_advice(ReturnSetInfo* rsinfo, const advice::Evaluation& e, double original_cost,
                 const std::vector<AdvisedStatement>& statements, const advice::TableInfo& table,
                 double min_improvement_pct);

// Appends the row for a candidate the planner could not weigh because its
// operator class's extension is missing (candidate.missing_extension):
// cost_after and est_improvement_pct are NULL, and the rationale says how
// it was judged and what to install.
void emit_unvalidated_advice(ReturnSetInfo* rsinfo, const advice::IndexCandidate& candidate, double bytes,
                             const std::vector<AdvisedStatement>& statements, const advice::TableInfo& table);

}  // namespace insights::pg
