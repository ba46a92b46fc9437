// From an analyzed statement (Query) to what it does to each base table:
// the restrictions on its columns, the sort above it, its join columns and
// the columns it reads. The input of index candidate generation.
//
// PostgreSQL-style code (palloc'd C data, may elog(ERROR)): call it through
// pg_call(); advice_functions.cpp turns the result into advice::TableAccess.
#pragma once

#include "pg/compat.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
}

namespace insights::pg {

struct RawPredicate {
  char* column;      // attribute name, for a plain column term
  char* expression;  // deparsed term, for an expression term
  int op;            // advice::Op
  char* clause_sql;  // the whole clause deparsed when its value is a constant, else nullptr
  // The operator class an index key needs (advice::Predicate::opclass),
  // nullptr for the method's default; opclass_schema nullptr for pg_catalog.
  char* opclass_schema;
  char* opclass;
  char* missing_extension;  // "pg_trgm" when the class needs it and it is not installed
};

struct RawSortKey {
  char* column;
  char* expression;
  bool descending;
  bool nulls_first;
};

struct RawTableAccess {
  Oid relid;
  char* schema;
  char* table;
  List* predicates;    // RawPredicate*
  List* order_by;      // RawSortKey*
  bool has_limit;
  List* join_columns;  // char* attribute names
  List* columns_read;  // char* attribute names
};

// One RawTableAccess per base-table reference in the statement and its
// subqueries, CTEs and sublinks, for those that have something an index
// could serve. Constants are folded; parameters stay parameters. `params`
// (the sample's values, or nullptr) is read only for the pattern of
// LIKE / ILIKE $n, which decides between a prefix range and a trigram
// search; such a predicate is never a constant one.
List* extract_table_accesses(Query* query, ParamListInfo params);

}  // namespace insights::pg
