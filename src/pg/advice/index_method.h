// Access methods and operator classes for hypothetical indexes: which
// operator class a key uses, and the method-specific part of the planner's
// IndexOptInfo (what plancat.c fills from a real index's relcache entry).
//
// PostgreSQL-style code (palloc'd C data, may elog(ERROR)): call it through
// pg_call() or from PostgreSQL-style code.
#pragma once

#include "pg/compat.h"

extern "C" {
#include "nodes/pathnodes.h"
}

namespace insights::pg {

// The operator class `name` of access method `am` in `schema` ("" for
// pg_catalog), or, when schema is nullptr, in whichever schema holds one
// (an extension's classes live where it was installed; the first found);
// that schema's OID in *namespace_out. InvalidOid when there is none (an
// extension that is not installed).
Oid find_operator_class(Oid am, const char* schema, const char* name, Oid* namespace_out);

// The same in any schema `role` may use (USAGE), for the class a
// statement's owner would name: a class in a schema the role cannot reach
// is neither advised to it nor built into a hypothetical index planned as
// it.
Oid find_usable_operator_class(Oid am, const char* name, Oid role, Oid* namespace_out);

// The operator class a key of type `type` uses: `opclass` in
// `opclass_schema` (nullptr or "" for pg_catalog) when named, else the
// method's default for the type; InvalidOid when there is none or it does
// not accept the type.
Oid key_operator_class(Oid am, Oid type, const char* opclass_schema, const char* opclass);

// Fills the access-method fields of a hypothetical index's IndexOptInfo
// (relam, the am* flags, amcostestimate, canreturn, sortopfamily,
// reverse_sort / nulls_first, opclassoptions, tree_height) as plancat.c
// does for a real index of that method. Expects ncolumns, nkeycolumns,
// opfamily and pages set; reverse_sort / nulls_first hold the B-tree key
// directions and are dropped for a method that does not order.
void fill_access_method(IndexOptInfo* index, Oid am);

}  // namespace insights::pg
