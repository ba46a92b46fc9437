// Narrow forms of the workload's candidates, for a selection under a
// storage budget: merge_candidates absorbs a prefix candidate into the
// wider one that serves it, and candidates_for proposes one key per
// statement, so the pool holds only the widest shapes. Under a tight budget
// the selection could then take a wide index or nothing; with the narrow
// forms in the pool it can take a narrow one first and replace it by a
// wider one (selection.h's replace move) while bytes remain, as Extend does.
#pragma once

#include <vector>

#include "core/advice/index_candidate.h"

namespace insights::advice {

// The narrow forms of the pool's B-tree candidates that the pool lacks: for
// each candidate with more than one key or with INCLUDE columns, its keys,
// its equality-key prefix and its leading key alone, each without INCLUDE
// columns, with the candidate's predicate and
// statements. A form derived from several candidates serves all their
// statements. Deterministic order, none equal to a pool candidate or to
// another (canonical_definition).
std::vector<IndexCandidate> narrow_forms(const std::vector<IndexCandidate>& pool);

}  // namespace insights::advice
