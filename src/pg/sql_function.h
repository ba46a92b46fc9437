// How every SQL function of the extension is declared, so that none can let
// a C++ exception reach PostgreSQL:
//
//   INSIGHTS_SQL_FUNCTION(insights_reset) {
//     store_reset_all();
//     PG_RETURN_VOID();
//   }
//
// declares the V1 function and runs its body under run_guarded() (guard.h):
// an exception becomes an ERROR once the body's frames are gone. The body
// follows guard.h's rules: PostgreSQL calls that can raise an ERROR are made
// with no C++ object alive in the body, or through pg_call().
//
// A set-returning function starts its rows with begin_rows(), a function
// of one composite row with begin_row(): both check that the installed SQL
// definition has the columns the library fills (an extension script older
// or newer than the library). Each row is filled with a ResultRow.
#pragma once

#include "pg/compat.h"
#include "pg/guard.h"

extern "C" {
#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/execnodes.h"
#include "utils/tuplestore.h"
}

#define INSIGHTS_SQL_FUNCTION(name)                                                              \
  extern "C" {                                                                                   \
  PG_FUNCTION_INFO_V1(name);                                                                     \
  }                                                                                              \
  static Datum name##_body(FunctionCallInfo fcinfo);                                             \
  extern "C" Datum name(PG_FUNCTION_ARGS) {                                                      \
    return ::insights::pg::run_guarded([fcinfo]() -> Datum { return name##_body(fcinfo); });     \
  }                                                                                              \
  static Datum name##_body(FunctionCallInfo fcinfo)

namespace insights::pg {

// Materialized-mode result set of exactly `columns` columns; ERROR when the
// installed definition says otherwise. May raise an ERROR (PostgreSQL-style).
ReturnSetInfo* begin_rows(FunctionCallInfo fcinfo, int columns);

// The blessed row type of a function returning one row of exactly
// `columns` columns; ERROR when the installed definition says otherwise.
TupleDesc begin_row(FunctionCallInfo fcinfo, int columns);

// One result row, filled in column order:
//
//   ResultRow<kColumns> row;
//   row.add(Int64GetDatum(calls)).add_null();
//   row.put(rsinfo);                   // a row of begin_rows()'s set
//   PG_RETURN_DATUM(row.tuple(desc));  // the row of begin_row()'s function
//
// More or fewer values than columns is an ERROR, never a row of garbage.
// Trivially destructible: fine in PostgreSQL-style code.
template <int Columns>
class ResultRow {
 public:
  ResultRow& add(Datum value) { return set(value, false); }
  ResultRow& add_null() { return set(static_cast<Datum>(0), true); }

  void put(ReturnSetInfo* rsinfo) {
    require_complete();
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values_, nulls_);
  }
  Datum tuple(TupleDesc desc) {
    require_complete();
    return HeapTupleGetDatum(heap_form_tuple(desc, values_, nulls_));
  }

 private:
  ResultRow& set(Datum value, bool null) {
    if (filled_ >= Columns) elog(ERROR, "pg_insights: more values than the %d columns of a result row", Columns);
    values_[filled_] = value;
    nulls_[filled_++] = null;
    return *this;
  }
  void require_complete() const {
    if (filled_ != Columns) elog(ERROR, "pg_insights: %d values for a result row of %d columns", filled_, Columns);
  }

  Datum values_[Columns];
  bool nulls_[Columns];
  int filled_ = 0;
};

}  // namespace insights::pg
