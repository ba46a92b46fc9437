// What the index advisor needs to know about a table from the catalog and
// the statistics: row and page counts, column widths and distinct counts
// (pg_statistic), existing indexes, and how much the table is written. For
// a partitioned table, the sums over its partitions, its own (inherited)
// statistics, and its partitioned indexes (those that propagate to every
// partition; one present on some partitions only is not listed: it does not
// serve the others).
//
// PostgreSQL-style code (palloc'd C data, may elog(ERROR)): call it through
// pg_call(); advice_functions.cpp turns it into advice::TableInfo.
#pragma once

#include "pg/compat.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace insights::pg {

struct RawColumn {
  char* name;
  int avg_width;
  double n_distinct;
  double correlation;  // pg_stats.correlation, 0 when unknown
};

struct RawIndexKey {
  char* column;      // nullptr for an expression
  char* expression;  // deparsed, nullptr for a column
  bool descending;
  bool nulls_first;
  char* opclass_schema;  // the key's operator class when not its type's default, else nullptr
  char* opclass;
};

struct RawIndex {
  char* name;
  int method;        // advice::IndexMethod; valid is false for another access method
  int key_count;
  RawIndexKey* keys;
  List* include;     // char* column names
  char* predicate;   // deparsed, nullptr unless partial
  bool valid;
  bool unique;       // indisunique
};

struct RawTableInfo {
  Oid relid;
  char* schema;
  char* table;
  double rows;       // a partitioned table: over its partitions
  double pages;      // a partitioned table: over its partitions
  int partitions;    // a partitioned table's leaf partitions; 0 for any other table
  int column_count;
  RawColumn* columns;
  List* indexes;     // RawIndex*
  double churn_ratio;  // rows updated or deleted per row inserted
};

RawTableInfo* read_table_catalog(Oid relid);

}  // namespace insights::pg
