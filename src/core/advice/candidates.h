// Index advice, candidate side: which indexes could serve one statement's
// access to one table. Pure functions over access.h; the planner validation
// lives in src/pg.
#pragma once

#include <vector>

#include "core/advice/access.h"
#include "core/advice/index_candidate.h"
#include "core/advice/index_size.h"

namespace insights::advice {

// Rules (README "Index advice", step 3):
// - Equality and IN terms first, most selective first (fewest rows per value:
//   n_distinct from ColumnInfo; predicate selectivity breaks ties), then ONE
//   of: a range term (the most selective), or the ORDER BY terms with their
//   directions when every order_by term is on this table (and the equality
//   terms make the order servable).
//   Precisely: a column sort term is on this table when TableInfo knows the
//   column; terms pinned to one value (=, IS NULL, IS TRUE/FALSE) are left
//   out of the sort keys and never a range key; an IN key (several values)
//   makes the order unservable. The ORDER BY keys win when the statement has
//   a LIMIT or when they start with the range term; otherwise the range.
//   Unknown n_distinct counts as 200 values, unknown range selectivity as
//   1/3 (PostgreSQL's defaults).
// - Join columns give candidates of their own: (join column, then the pinned
//   equality terms), unless an existing index already leads with the column
//   (a primary key). The planner then weighs which side of the join an index
//   serves; mixing join columns into the main key put a driving table's
//   primary key first.
// - Covering: a second candidate that INCLUDEs the remaining columns_read
//   not already keys, when there are at most kMaxIncludeColumns of them and
//   each is narrow (avg_width <= kMaxIncludeWidth; a column TableInfo does
//   not know is not narrow). Include columns are sorted by name.
// - Partial: a predicate with constant_sql that is immutable, an equality-like
//   op (kEq, kIn, kIsTrue, kIsFalse, kIsNotNull, kIsNull) and selectivity
//   <= kMaxPartialSelectivity, on a value the application sends every time
//   (Predicate::value; without evidence from the samples: a NULL or boolean
//   test, or a column with at most kMaxPartialDistinctValues distinct values,
//   a status rather than an id), becomes the predicate; its term leaves the key
//   (for kIsNotNull the term may stay when it is also a range/sort term).
//   At most one partial predicate per candidate: the most selective. When
//   no other key is left, the predicate's term is the key.
// - LIKE 'prefix%' under a non-C collation: the range key carries the
//   predicate's pattern operator class (text_pattern_ops,
//   varchar_pattern_ops, bpchar_pattern_ops), which orders bytewise, so it
//   never serves the ORDER BY keys as well.
// - GIN: one single-key candidate per term that GIN operators compare
//   (LIKE/ILIKE '%...%' and similarity with gin_trgm_ops; jsonb @> and
//   jsonpath with jsonb_path_ops, or the default jsonb_ops when some
//   predicate on the term tests a key's existence; arrays with the default
//   array_ops), with the partial predicate unless it is on the term itself.
//   When the operator class's extension is missing the candidate says so
//   (missing_extension).
// - BRIN instead of B-tree: when the B-tree candidate's only key would be
//   a range-compared plain column (no equality or sort key, no partial
//   predicate, the range's selectivity known), on a table of
//   at least kMinBrinTablePages pages that is mostly appended to
//   (churn_ratio <= kMaxBrinChurnRatio), whose |correlation| with the
//   column is >= kMinBrinCorrelation, and the range spans at least one BRIN
//   block range (selectivity x pages >= kBrinPagesPerRange), the candidate
//   is a BRIN index on the column (never partial, no covering twin): about
//   a thousandth of the B-tree's size, reading little more.
// - Terms from non-immutable predicates are ignored entirely.
// - No candidate when nothing indexable is left (e.g. only a sort with no
//   limit on a huge table is still a candidate; a bare "SELECT * FROM t" is not).
inline constexpr int kMaxIncludeColumns = 4;
inline constexpr int kMaxIncludeWidth = 32;
inline constexpr double kMaxPartialSelectivity = 0.20;
inline constexpr double kMaxPartialDistinctValues = 50;
inline constexpr int kMaxKeyColumns = 6;
// Below about 8 MB a B-tree on the column is small too: BRIN's size is no
// reason to prefer it.
inline constexpr double kMinBrinTablePages = 1000;
inline constexpr double kMinBrinCorrelation = 0.9;
inline constexpr double kMaxBrinChurnRatio = 0.05;
// A candidate the planner cannot weigh (its operator class's extension is
// missing) is advised only on a table this large: a pattern search reads
// every row, which on a small table is fast anyway.
inline constexpr double kMinRowsForUnvalidatedAdvice = 10000;

std::vector<IndexCandidate> candidates_for(int statement_id, const TableAccess& access, const TableInfo& table);

}  // namespace insights::advice
