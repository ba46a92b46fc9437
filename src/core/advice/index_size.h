// How big a candidate index would be. The planner costs a hypothetical GIN
// or BRIN index from its page count alone (gincostestimate and
// brincostestimate read no metapage when IndexOptInfo::hypothetical is
// set), so these estimates drive the what-if costs of those methods.
#pragma once

#include "core/advice/access.h"
#include "core/advice/index_candidate.h"

namespace insights::advice {

// Estimated size in bytes of the candidate index on `table`, by method. A
// column TableInfo does not know and an expression count 32 bytes wide
// (PostgreSQL's guess); reltuples times predicate_selectivity rows are
// indexed.
//
// B-tree: leaf pages only. Per entry MAXALIGN(8-byte tuple header +
//   key/include widths) + 4-byte line pointer, at 90% fill of the 8152
//   usable bytes of a page; at least one 8 kB page.
// GIN: one entry tuple per distinct key, MAXALIGN(8 + key width + 6 for
//   its first item pointer) + 4, at 60% fill (the entry tree is built by
//   ordered inserts that split pages in halves), plus one compressed item
//   pointer per (row, key) pair at 3 bytes (the average gincostestimate
//   assumes) at 90% fill, plus the metapage; at least two pages. Keys per
//   row and key width by operator class:
//   - gin_trgm_ops: a trigram per character and per word boundary, about
//     avg_width per row (the varlena header stands for the boundaries),
//     4-byte keys, at most kDistinctTrigrams distinct;
//   - jsonb_path_ops: one 4-byte hash per leaf value, one per 20 bytes of
//     the document;
//   - the default classes (jsonb_ops, array_ops): one key per 10 bytes of
//     the value (a jsonb key or value, an array element), 8 bytes wide.
//   Distinct keys (other than trigrams): keys per row times the column's
//   distinct values (all rows when unknown), at most one per row.
// BRIN: one summary tuple per range of 128 heap pages (the default
//   pages_per_range), MAXALIGN(8 + 2 x the column's width for min and max
//   + 8) + 4, plus the metapage and one range-map page per 1,360 ranges;
//   at least three pages (meta, range map, one regular page), like a real
//   empty BRIN index.
double estimate_index_bytes(const IndexCandidate& candidate, const TableInfo& table);

inline constexpr double kDistinctTrigrams = 20000;
inline constexpr double kBrinPagesPerRange = 128;  // BRIN_DEFAULT_PAGES_PER_RANGE

}  // namespace insights::advice
