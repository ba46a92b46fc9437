// The statements index_advice() works on: the current database's tracked
// statements with a sample that the caller may see (pg_stat_statements'
// rules), worth an index (slow, or a visible share of the workload), the
// costliest first, at most 200 (bounded work).
#pragma once

#include <string>
#include <vector>

#include "pg/advice/advised_statement.h"

namespace insights::pg {

// Not yet analyzed: samples only. ERROR without the preloaded library.
std::vector<AdvisedStatement> tracked_statements();

}  // namespace insights::pg
