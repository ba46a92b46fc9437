// How big a candidate index would be.
#pragma once

#include "core/advice/access.h"
#include "core/advice/index_candidate.h"

namespace insights::advice {

// Estimated size in bytes of the index on `table` (B-tree leaf pages: per
// entry MAXALIGN(8-byte tuple header + key/include widths) + 4-byte line
// pointer, 90% fill of the 8152 usable bytes of a page; reltuples times
// predicate_selectivity entries; at least one 8 kB page). A column TableInfo
// does not know and an expression count 32 bytes (PostgreSQL's guess).
double estimate_index_bytes(const IndexCandidate& candidate, const TableInfo& table);

}  // namespace insights::advice
