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

// The index access methods advice proposes.
enum class IndexMethod { kBtree, kGin, kBrin };

// "btree", "gin", "brin": as CREATE INDEX ... USING spells it.
const char* method_name(IndexMethod method);

// An operator class other than the access method's default for a key's
// type (text_pattern_ops, gin_trgm_ops, jsonb_path_ops). An empty name is
// the default; an empty schema is pg_catalog (never written in DDL).
struct OperatorClass {
  std::string schema;  // unquoted
  std::string name;    // unquoted
  bool is_default() const { return name.empty(); }
  bool operator==(const OperatorClass& o) const { return schema == o.schema && name == o.name; }
  bool operator!=(const OperatorClass& o) const { return !(*this == o); }
};

// A key element of an index with its order and operator class, as CREATE
// INDEX spells it. nulls_first is explicit (PostgreSQL's default: NULLS
// FIRST only for DESC); both are meaningful for B-tree keys only.
struct IndexKey {
  KeyTerm term;
  bool descending = false;
  bool nulls_first = false;
  OperatorClass opclass;

  IndexKey() = default;
  // Not an aggregate, so that IndexKey{term, descending, nulls_first} needs no operator class.
  explicit IndexKey(KeyTerm key_term, bool desc = false, bool nulls_before = false, OperatorClass op_class = {})
      : term(std::move(key_term)), descending(desc), nulls_first(nulls_before), opclass(std::move(op_class)) {}
  bool operator==(const IndexKey& o) const {
    return term == o.term && descending == o.descending && nulls_first == o.nulls_first && opclass == o.opclass;
  }
  bool operator!=(const IndexKey& o) const { return !(*this == o); }
};

enum class Op {
  kEq,          // term = c
  kIn,          // term IN (...), term = ANY(...)
  kLt, kLe, kGt, kGe,  // ranges (BETWEEN arrives as two of these)
  kIsNull,
  kIsNotNull,
  kLikePrefix,  // term LIKE 'abc%' (Predicate::opclass: a pattern class under a non-C collation)
  kIsTrue,      // boolean column tested true (WHERE active)
  kIsFalse,     // boolean column tested false (WHERE NOT active)
  // Served by GIN only (Predicate::opclass says which class):
  kTrigramMatch,   // term LIKE / ILIKE '%abc%', term % 'abc' (pg_trgm's gin_trgm_ops)
  kJsonbContains,  // jsonb term @> c, @? / @@ jsonpath (jsonb_path_ops)
  kJsonbExists,    // jsonb term ? k, ?| ks, ?& ks (jsonb_ops, the default)
  kArrayMatch,     // array term && c, @> c, <@ c (array_ops, the default)
};

bool is_equality(Op op);  // kEq, kIn, kIsNull, kIsTrue, kIsFalse: usable as a leading key
bool is_range(Op op);     // kLt, kLe, kGt, kGe, kLikePrefix: one may follow the equality keys
bool is_gin(Op op);       // kTrigramMatch, kJsonbContains, kJsonbExists, kArrayMatch

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
  // The operator class an index key needs to serve the predicate: a pattern
  // class for kLikePrefix under a non-C collation, gin_trgm_ops (in
  // pg_trgm's schema) for kTrigramMatch, jsonb_path_ops for kJsonbContains.
  OperatorClass opclass;
  // The extension that provides opclass when it is not installed in the
  // database ("pg_trgm"): the index cannot be built, nor validated, until
  // it is.
  std::string missing_extension;
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
  // pg_stats.correlation: how closely the heap order follows the column's
  // order (-1..1); 0 when unknown. Near +-1 a BRIN index serves ranges.
  double correlation = 0.0;
};

struct ExistingIndex {
  std::string name;
  IndexMethod method = IndexMethod::kBtree;
  std::vector<IndexKey> keys;        // key columns in order, with pg_index.indoption's DESC / NULLS FIRST
                                     // and the operator class when not the default
  std::vector<std::string> include;  // INCLUDE columns
  std::string predicate_sql;         // empty unless partial
  bool valid = true;                 // indisvalid && indisready, and a method advice knows
  bool unique = false;               // a unique index (a primary key's, a UNIQUE constraint's)
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
  // Rows updated or deleted per row inserted (pg_stat_user_tables); 0 when
  // unknown. An append-only table keeps its physical order, which BRIN needs.
  double churn_ratio = 0.0;

  const ColumnInfo* column(const std::string& name) const;
};

}  // namespace insights::advice
