// One index that could serve statements of the workload: its table, keys,
// INCLUDE columns, partial predicate and the statements it is meant for.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/advice/access.h"

namespace insights::advice {

// Which selection weighs a candidate. Under a budget both run over one pool
// (budget_choice.h), each with the candidates it would have alone: the
// narrow forms are pg_insights' own, Extend's additions are Extend's.
enum class SelectionPool { kBoth, kOwn, kExtend };

struct IndexCandidate {
  std::uint32_t table_oid = 0;
  std::string schema;
  std::string table;
  IndexMethod method = IndexMethod::kBtree;
  std::vector<IndexKey> keys;
  // How many leading keys are compared by = or IN: an index with the same
  // set of terms in front, in any order, serves them as well.
  int equality_keys = 0;
  std::vector<std::string> include;  // covering columns (INCLUDE)
  std::string predicate_sql;         // partial index WHERE (without "WHERE"); empty if none
  double predicate_selectivity = 1.0;  // fraction of rows the partial predicate keeps
  std::vector<int> statements;       // ids of the statements it is meant to serve (sorted, unique)
  // The extension a key's operator class comes from, when the database
  // lacks it (pg_trgm): the index cannot be hypothetical, so the planner
  // cannot validate it; advice says to install the extension first.
  std::string missing_extension;
  // On a partitioned table: created on every partition, and never
  // CONCURRENTLY (PostgreSQL does not support it there).
  bool on_partitioned_table = false;
  SelectionPool pool = SelectionPool::kBoth;

  bool is_partial() const { return !predicate_sql.empty(); }
  bool is_covering() const { return !include.empty(); }
  bool has_expression() const;
  // The features joined by '+', after the method when not B-tree: gin,
  // brin, composite, partial, covering, expression, pattern (a pattern
  // operator class for LIKE 'prefix%'); "btree" for a plain one-column
  // B-tree index.
  std::string kind() const;
  // Comma-separated key list for display, e.g. customer_id, created_at DESC.
  std::string columns_text() const;
};

}  // namespace insights::advice
