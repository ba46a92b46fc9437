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
// A set-returning function starts its rows with begin_rows(), which checks
// that the installed SQL definition has the columns the library fills (an
// extension script older or newer than the library).
#pragma once

#include "pg/compat.h"
#include "pg/guard.h"

extern "C" {
#include "fmgr.h"
#include "nodes/execnodes.h"
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

}  // namespace insights::pg
