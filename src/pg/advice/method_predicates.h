// The comparisons that an index beyond a plain B-tree range serves, and the
// operator class its key needs: LIKE / ILIKE and pg_trgm's similarity
// (a pattern class, or gin_trgm_ops), jsonb containment and existence, array
// overlap and containment (GIN). Part of the access extractor.
//
// PostgreSQL-style code (palloc'd C data, may elog(ERROR)).
#pragma once

#include "pg/compat.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/primnodes.h"
}

namespace insights::pg {

struct MethodPredicate {
  int op;                   // advice::Op
  bool constant;            // the compared value is a constant (the clause can be deparsed as a predicate)
  char* opclass_schema;     // as RawPredicate: nullptr for pg_catalog
  char* opclass;            // nullptr for the method's default
  char* missing_extension;  // "pg_trgm" when the class needs it and it is not installed
};

// Whether `term <operator name> value` (the clause `op`, term a table's
// column or expression, value free of the table) is such a comparison;
// fills *out when it is. LIKE 'abc%' is a B-tree prefix range (kLikePrefix)
// here too, with a pattern class under a non-C collation. A pattern may
// also be a parameter whose value `params` holds (a prepared statement's
// sample); the predicate is then not a constant one.
bool method_predicate(Node* term, Node* value, const OpExpr* op, const char* name, ParamListInfo params,
                      MethodPredicate* out);

}  // namespace insights::pg
