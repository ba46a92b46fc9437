// Index advice, input side: what one statement does to one table, and what
// the catalog says about that table. src/pg fills these from a plan and the
// catalog; unit tests build them by hand.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace insights::advice {

// A key element: a plain column, or an immutable expression over columns.
struct KeyTerm {
  std::string column;      // unquoted column name, when !is_expression
  std::string expression;  // SQL text, identifiers already quoted, e.g. lower(email), when is_expression
  bool is_expression = false;

  static KeyTerm of_column(std::string name) { return KeyTerm{std::move(name), {}, false}; }
  static KeyTerm of_expression(std::string sql) { return KeyTerm{{}, std::move(sql), true}; }
  bool operator==(const KeyTerm& o) const {
    return is_expression == o.is_expression && column == o.column && expression == o.expression;
  }
  bool operator!=(const KeyTerm& o) const { return !(*this == o); }
};

// A key element of an index with its order, as CREATE INDEX spells it.
// nulls_first is explicit (PostgreSQL's default: NULLS FIRST only for DESC).
struct IndexKey {
  KeyTerm term;
  bool descending = false;
  bool nulls_first = false;
  bool operator==(const IndexKey& o) const {
    return term == o.term && descending == o.descending && nulls_first == o.nulls_first;
  }
};

enum class Op {
  kEq,          // term = c
  kIn,          // term IN (...), term = ANY(...)
  kLt, kLe, kGt, kGe,  // ranges (BETWEEN arrives as two of these)
  kIsNull,
  kIsNotNull,
  kLikePrefix,  // term LIKE 'abc%'
  kIsTrue,      // boolean column tested true (WHERE active)
  kIsFalse,     // boolean column tested false (WHERE NOT active)
};

bool is_equality(Op op);  // kEq, kIn, kIsNull, kIsTrue, kIsFalse: usable as a leading key
bool is_range(Op op);     // kLt, kLe, kGt, kGe, kLikePrefix: one may follow the equality keys

enum class ValueEvidence { kUnknown, kFixed, kVaries };

struct Predicate {
  KeyTerm term;
  Op op = Op::kEq;
  // The complete predicate as immutable SQL, e.g. "status" = 'shipped'::text,
  // usable as a partial index's WHERE. Empty when the compared value is a
  // parameter or not a constant.
  std::string constant_sql;
  // False when the predicate involves a stable or volatile function
  // (now(), current_date, random()): never in an index key or predicate.
  bool immutable = true;
  // Whether the application sends this same value every time (src/pg
  // decides from the samples): fixed when two executions with different
  // texts had the same constant here, or when many calls had one text;
  // varies when two executions differed here; unknown otherwise (one call,
  // index_advice_for()). A value that changes per call must not become a
  // partial index's WHERE: it would need one index per value.
  ValueEvidence value = ValueEvidence::kUnknown;
  // Fraction of the table's rows this predicate alone keeps (planner/pg_stats);
  // negative when unknown.
  double selectivity = -1.0;
};

struct SortKey {
  KeyTerm term;
  bool descending = false;
  bool nulls_first = false;  // as the statement asks (PostgreSQL default: NULLS FIRST only for DESC)
};

// One statement's access to one base table.
struct TableAccess {
  std::uint32_t table_oid = 0;
  std::string schema;  // unquoted
  std::string table;   // unquoted
  std::vector<Predicate> predicates;   // restrictions ANDed on this table
  std::vector<SortKey> order_by;       // a sort right above this table's scan (ORDER BY, often with LIMIT)
  bool has_limit = false;
  std::vector<std::string> join_columns;  // columns compared with another table's columns
  std::vector<std::string> columns_read;  // every column the statement reads from the table
  double rows_estimated = -1.0;           // rows the scan returns, as the planner estimates
};

struct ColumnInfo {
  std::string name;
  int avg_width = 8;         // pg_stats.avg_width, else the type's width
  double n_distinct = 0.0;   // pg_stats.n_distinct: > 0 a count, < 0 minus a fraction of rows, 0 unknown
};

struct ExistingIndex {
  std::string name;
  std::vector<IndexKey> keys;        // key columns in order, with pg_index.indoption's DESC / NULLS FIRST
  std::vector<std::string> include;  // INCLUDE columns
  std::string predicate_sql;         // empty unless partial
  bool valid = true;                 // indisvalid && indisready
};

struct TableInfo {
  std::uint32_t table_oid = 0;
  std::string schema;
  std::string table;
  double rows = 0.0;          // reltuples
  double pages = 0.0;         // relpages
  // A partitioned table's leaf partitions (its rows and pages are theirs,
  // summed); 0 for any other table.
  int partitions = 0;
  std::vector<ColumnInfo> columns;
  std::vector<ExistingIndex> indexes;
  // Rows written (n_tup_ins + n_tup_upd + n_tup_del) per row read by scans,
  // from pg_stat_user_tables; 0 when unknown. A heavily written table makes
  // every extra index cost more.
  double write_ratio = 0.0;

  const ColumnInfo* column(const std::string& name) const;
};

}  // namespace insights::advice
