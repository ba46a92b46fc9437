// Index advice, candidate side: which indexes could serve a statement, how
// candidates from many statements merge, and what an index looks like as
// DDL. Pure functions over access.h; the planner validation lives in src/pg.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/advice/access.h"

namespace insights::advice {

struct IndexCandidate {
  std::uint32_t table_oid = 0;
  std::string schema;
  std::string table;
  std::vector<IndexKey> keys;
  std::vector<std::string> include;  // covering columns (INCLUDE)
  std::string predicate_sql;         // partial index WHERE (without "WHERE"); empty if none
  double predicate_selectivity = 1.0;  // fraction of rows the partial predicate keeps
  std::vector<int> statements;       // ids of the statements it is meant to serve (sorted, unique)

  bool is_partial() const { return !predicate_sql.empty(); }
  bool is_covering() const { return !include.empty(); }
  bool has_expression() const;
  // "btree", or the features joined by '+': composite, partial, covering, expression.
  std::string kind() const;
  // Comma-separated key list for display, e.g. customer_id, created_at DESC.
  std::string columns_text() const;
};

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
// - Terms from non-immutable predicates are ignored entirely.
// - No candidate when nothing indexable is left (e.g. only a sort with no
//   limit on a huge table is still a candidate; a bare "SELECT * FROM t" is not).
inline constexpr int kMaxIncludeColumns = 4;
inline constexpr int kMaxIncludeWidth = 32;
inline constexpr double kMaxPartialSelectivity = 0.20;
inline constexpr double kMaxPartialDistinctValues = 50;
inline constexpr int kMaxKeyColumns = 6;

std::vector<IndexCandidate> candidates_for(int statement_id, const TableAccess& access, const TableInfo& table);

// An existing valid index serves the candidate when the candidate's key terms
// are a prefix of the index's keys with compatible directions (all same, or
// all reversed), the index covers the candidate's INCLUDE columns (as keys
// or includes), and the index's predicate is empty or equal to the
// candidate's.
bool served_by(const IndexCandidate& candidate, const ExistingIndex& index);
bool served_by_any(const IndexCandidate& candidate, const std::vector<ExistingIndex>& indexes);

// Workload merge: identical candidates unite their statements; a candidate
// whose keys are a prefix of another's on the same table with the same
// predicate is absorbed into it, unless the other INCLUDEs columns it did
// not ask for (a covering variant does not absorb its plain twin: the
// planner weighs the two).
// Deterministic output order.
std::vector<IndexCandidate> merge_candidates(std::vector<IndexCandidate> candidates);

// Estimated size in bytes of the index on `table` (B-tree leaf pages: per
// entry MAXALIGN(8-byte tuple header + key/include widths) + 4-byte line
// pointer, 90% fill of the 8152 usable bytes of a page; reltuples times
// predicate_selectivity entries; at least one 8 kB page). A column TableInfo
// does not know and an expression count 32 bytes (PostgreSQL's guess).
double estimate_index_bytes(const IndexCandidate& candidate, const TableInfo& table);

// Deterministic readable name, at most 63 bytes:
// <table>_<key cols>[_incl][_part]_<hash>_idx, letters lowercased, other
// characters outside [a-z0-9_] folded to '_', the readable part shortened
// when long. <hash> (8 hex digits of the full definition) is always there,
// so different indexes never share a name: the readable part cannot tell
// directions or predicates apart, and PostgreSQL's default names
// (orders_customer_id_idx) are often already taken.
std::string index_name(const IndexCandidate& candidate);

// CREATE INDEX CONCURRENTLY <name> ON <schema>.<table> (<keys>) [INCLUDE (...)] [WHERE ...];
// quote_ident quotes one identifier as PostgreSQL's quote_identifier does
// (src/pg passes the real one; tests pass a fake). Expressions are emitted
// in parentheses as given.
std::string create_index_ddl(const IndexCandidate& candidate,
                             const std::function<std::string(std::string_view)>& quote_ident);

// What the planner said about a candidate, for the final choice.
struct Evaluation {
  IndexCandidate candidate;
  double cost_before = 0;   // call-weighted planner cost of its statements without it
  double cost_after = 0;    // ... with it (hypothetically)
  double bytes = 0;         // estimate_index_bytes
  double write_ratio = 0;   // the table's TableInfo::write_ratio
  double improvement_pct() const { return cost_before > 0 ? 100.0 * (cost_before - cost_after) / cost_before : 0; }
};

// Greedy choice: drop evaluations whose improvement is below
// min_improvement_pct (raised by a write penalty: +min(write_ratio, 4) * 10
// percentage points on heavily written tables), then take by benefit per
// byte ((cost_before - cost_after) / bytes), skipping a candidate whose
// statements are all already served by a chosen one on the same table.
// Equal benefit per byte keeps the order of evals. Returns indices into
// evals, in the order chosen.
std::vector<std::size_t> choose(const std::vector<Evaluation>& evals, double min_improvement_pct);
double required_improvement_pct(double min_improvement_pct, double write_ratio);

}  // namespace insights::advice
