#include "pg/advice/index_method.h"

extern "C" {
#include "access/amapi.h"
#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_type_d.h"
#include "commands/defrem.h"
#include "parser/parse_coerce.h"
#include "utils/acl.h"
#include "utils/catcache.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

#include <cmath>

namespace insights::pg {

Oid find_operator_class(Oid am, const char* schema, const char* name, Oid* namespace_out) {
  if (schema != nullptr && schema[0] != '\0') {
    const Oid ns = get_namespace_oid(schema, true);
    if (!OidIsValid(ns)) return InvalidOid;
    HeapTuple tuple = SearchSysCache3(CLAAMNAMENSP, ObjectIdGetDatum(am), CStringGetDatum(name), ObjectIdGetDatum(ns));
    if (!HeapTupleIsValid(tuple)) return InvalidOid;
    const Oid oid = reinterpret_cast<Form_pg_opclass>(GETSTRUCT(tuple))->oid;
    ReleaseSysCache(tuple);
    if (namespace_out != nullptr) *namespace_out = ns;
    return oid;
  }
  if (schema != nullptr) return find_operator_class(am, "pg_catalog", name, namespace_out);
  // Any schema: an extension's classes live where it was installed.
  CatCList* list = SearchSysCacheList2(CLAAMNAMENSP, ObjectIdGetDatum(am), CStringGetDatum(name));
  Oid oid = InvalidOid;
  if (list->n_members > 0) {
    auto* form = reinterpret_cast<Form_pg_opclass>(GETSTRUCT(&list->members[0]->tuple));
    oid = form->oid;
    if (namespace_out != nullptr) *namespace_out = form->opcnamespace;
  }
  ReleaseSysCacheList(list);
  return oid;
}

Oid find_usable_operator_class(Oid am, const char* name, Oid role, Oid* namespace_out) {
  CatCList* list = SearchSysCacheList2(CLAAMNAMENSP, ObjectIdGetDatum(am), CStringGetDatum(name));
  Oid oid = InvalidOid;
  for (int i = 0; i < list->n_members && !OidIsValid(oid); ++i) {
    auto* form = reinterpret_cast<Form_pg_opclass>(GETSTRUCT(&list->members[i]->tuple));
    if (!compat_schema_usage_ok(form->opcnamespace, role)) continue;
    oid = form->oid;
    if (namespace_out != nullptr) *namespace_out = form->opcnamespace;
  }
  ReleaseSysCacheList(list);
  return oid;
}

Oid key_operator_class(Oid am, Oid type, const char* opclass_schema, const char* opclass) {
  if (opclass == nullptr || opclass[0] == '\0') return GetDefaultOpClass(type, am);
  const Oid oid = find_operator_class(am, opclass_schema != nullptr ? opclass_schema : "", opclass, nullptr);
  if (!OidIsValid(oid)) return InvalidOid;
  // As CREATE INDEX checks (ResolveOpClass): the class must take the type.
  const Oid input = get_opclass_input_type(oid);
  if (!IsBinaryCoercible(type, input) && !(input == ANYARRAYOID && type_is_array(type))) return InvalidOid;
  return oid;
}

namespace {

int btree_height(BlockNumber pages) {
  // A B-tree page holds a few hundred downlinks.
  if (pages <= 1) return 0;
  return static_cast<int>(std::ceil(std::log(static_cast<double>(pages)) / std::log(256.0)));
}

}  // namespace

void fill_access_method(IndexOptInfo* index, Oid am) {
  const IndexAmRoutine* routine = GetIndexAmRoutineByAmId(am, false);
  index->relam = am;
  index->canreturn = static_cast<bool*>(palloc(sizeof(bool) * index->ncolumns));
  // Only B-tree returns its columns (index-only scans); GIN and BRIN
  // store something else than the value (btcanreturn, and neither of the
  // others has an amcanreturn).
  for (int i = 0; i < index->ncolumns; ++i) index->canreturn[i] = am == BTREE_AM_OID;
  // No operator class options: gincostestimate reads the array for the
  // extractQuery call, so it must exist (all entries NULL).
  index->opclassoptions = static_cast<bytea**>(palloc0(sizeof(bytea*) * index->nkeycolumns));
  if (am == BTREE_AM_OID) {
    index->sortopfamily = index->opfamily;  // B-tree: its opfamilies are the sort opfamilies
    index->tree_height = btree_height(index->pages);
  } else {
    // As plancat.c for a method that cannot order (routine->amcanorder false).
    index->sortopfamily = nullptr;
    index->reverse_sort = nullptr;
    index->nulls_first = nullptr;
    index->tree_height = -1;  // unknown; only btcostestimate uses it
  }
  index->amcanorderbyop = routine->amcanorderbyop;
  index->amoptionalkey = routine->amoptionalkey;
  index->amsearcharray = routine->amsearcharray;
  index->amsearchnulls = routine->amsearchnulls;
  index->amhasgettuple = routine->amgettuple != nullptr;
  index->amhasgetbitmap = routine->amgetbitmap != nullptr;
  index->amcanparallel = routine->amcanparallel;
  index->amcanmarkpos = routine->ammarkpos != nullptr && routine->amrestrpos != nullptr;
  // PostgreSQL 15 declares the field as a generic function pointer, 18 as
  // amcostestimate_function: cast to whatever the field is.
  index->amcostestimate = reinterpret_cast<decltype(index->amcostestimate)>(routine->amcostestimate);
}

}  // namespace insights::pg
