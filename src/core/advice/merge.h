// Candidates over the workload: which an existing index already serves, and
// how candidates of many statements merge.
#pragma once

#include <string>
#include <vector>

#include "core/advice/access.h"
#include "core/advice/index_candidate.h"

namespace insights::advice {

// An existing valid index of the candidate's access method serves the
// candidate when the candidate's key terms
// are a prefix of the index's keys — its equality keys in any order, the
// rest in order with compatible directions (all same, or all reversed) —
// the index covers the candidate's INCLUDE columns (as keys
// or includes), and the index's predicate is empty or equal to the
// candidate's.
bool served_by(const IndexCandidate& candidate, const ExistingIndex& index);
bool served_by_any(const IndexCandidate& candidate, const std::vector<ExistingIndex>& indexes);

// The name of a valid, unique, non-partial existing index whose key terms
// are the candidate's leading keys (in any order): by them the candidate
// finds at most one row already, so all it adds is an index-only scan (a
// covering twin of a primary key). Empty when there is none.
std::string repeated_unique_key(const IndexCandidate& candidate, const std::vector<ExistingIndex>& indexes);

// The existing valid, non-unique B-tree indexes that the candidate, once
// built, makes redundant (index_health()'s rule): their keys lead the
// candidate's in order, their INCLUDE columns are stored in it, and their
// predicate is the candidate's.
std::vector<std::string> made_redundant(const IndexCandidate& candidate, const std::vector<ExistingIndex>& indexes);

// Workload merge: identical candidates unite their statements; a candidate
// whose keys are a prefix of another's on the same table, of the same access
// method, with the same predicate is absorbed into it, unless the other INCLUDEs columns it did
// not ask for (a covering variant does not absorb its plain twin: the
// planner weighs the two).
// One key, many twins: candidates with the same table, keys and predicate
// whose INCLUDE lists differ (at least two lists) get one more candidate
// INCLUDEing the union of their columns (at most kMaxIncludeColumns) and
// serving all their statements; the selection advises one index per key.
// Deterministic output order.
std::vector<IndexCandidate> merge_candidates(std::vector<IndexCandidate> candidates);

}  // namespace insights::advice
