// A tracked statement's samples, analyzed and planned as the role that ran
// them, and what they read: table accesses for the core's candidates, with
// what the samples say about each constant.
#pragma once

#include <string>
#include <vector>

#include "core/advice/access.h"
#include "pg/advice/advised_statement.h"

namespace insights::pg {

// Analyzes and plans the statement's samples (s.analyzed, s.other, s.cost);
// false, after a NOTICE, when the first no longer plans (its table dropped,
// a privilege revoked).
bool prepare_tracked(AdvisedStatement& s);

// The table accesses of the analyzed statement, deparsed under the safe
// search_path, with value evidence for each constant; for a caller who may
// not see the statement's constants, none of them (run_as_owner.h).
std::vector<advice::TableAccess> table_accesses(const AdvisedStatement& s);

}  // namespace insights::pg
