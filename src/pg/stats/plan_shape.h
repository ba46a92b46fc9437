// The plan id of insights.statement_plans: a hash of a plan's shape — its
// nodes, their order and nesting, the tables and indexes they read, the
// join, aggregation and scan strategies — without costs, row estimates,
// conditions or constants. Two executions of one statement with different
// constants have the same id when the planner chose the same plan.
#pragma once

#include <cstdint>

#include "pg/compat.h"

extern "C" {
#include "nodes/plannodes.h"
}

namespace insights::pg {

// Never raises an error: reads the plan tree only.
std::uint64_t plan_shape_id(const PlannedStmt* stmt);

// Which of `indexes` the plan scans (an index scan, index-only scan or
// bitmap index scan of it, sub-plans included): the position of the first
// one found, -1 for none. Reads the plan tree only.
int plan_scans_index(const PlannedStmt* stmt, const Oid* indexes, int count);

}  // namespace insights::pg
