// Parsing, analyzing and planning a statement's sample, for what-if
// planning with hypothetical indexes.
//
// PostgreSQL-style code (palloc'd C data, may elog(ERROR)): call it through
// pg_call() or pg_call_in_subtransaction().
#pragma once

#include "pg/compat.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
}

namespace insights::pg {

struct AnalyzedStatement {
  const char* text;
  Query* query;          // analyzed and rewritten; planning works on copies
  ParamListInfo params;  // the sample's values, or nullptr (generic plan)
};

struct SampleParams {
  int count;
  const Oid* types;
  const char* const* values;  // nullptr entries are SQL NULLs
};

// ERROR unless text is exactly one SELECT, INSERT, UPDATE or DELETE (or
// WITH ... one of those); then parse analysis errors as PostgreSQL raises
// them (syntax, missing table).
AnalyzedStatement* analyze_statement(const char* text, const SampleParams* params);

// The planner's total cost for the statement, with whatever hypothetical
// index is active.
double plan_cost(const AnalyzedStatement* statement);

// Estimated fraction of the table's rows that satisfy clause_sql (SQL over
// the table's columns), by planning SELECT 1 FROM ONLY table WHERE clause
// (without ONLY for a partitioned table: its rows are its partitions').
double estimate_selectivity(Oid relid, const char* clause_sql);

// An expression over the table's columns, analyzed (Vars with varno 1);
// as a WHERE clause: an implicit-AND list ready for IndexOptInfo.indpred.
Node* analyze_table_expression(Oid relid, const char* expression_sql);
List* analyze_table_predicate(Oid relid, const char* predicate_sql);

}  // namespace insights::pg
