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

}  // namespace insights::pg
