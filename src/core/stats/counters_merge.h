// Folding one statement's counters into another's: two store entries found
// to be the same statement (the server's query ids of one fingerprint,
// docs/ARCHITECTURE.md "Data flow") become one, with exactly the counts of
// both. Every field of StatementCounters is combined here: a field added
// there must be added here (statement_counters_test checks a fold equals
// recording everything in one).
#pragma once

#include "core/stats/statement_counters.h"

namespace insights {

// into += from, as if every execution counted in `from` had been recorded
// in `into` (the mean and spread by Chan et al.'s pairwise combination).
void merge_counters(StatementCounters& into, const StatementCounters& from) noexcept;

}  // namespace insights
