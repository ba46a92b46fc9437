#include "pg/advice/advice_catalog.h"

#include "pg/advice/raw_terms.h"
#include "pg/advice/table_catalog.h"
#include "pg/advice/what_if.h"
#include "pg/guard.h"
#include "pg/run_as_owner.h"

namespace insights::pg {

using advice::TableAccess;
using advice::TableInfo;

namespace {

TableInfo table_info(Oid relid) {
  const RawTableInfo* raw = pg_call([&] { return read_table_catalog(relid); });
  TableInfo t;
  t.table_oid = raw->relid;
  t.schema = owned(raw->schema);
  t.table = owned(raw->table);
  t.rows = raw->rows;
  t.pages = raw->pages;
  t.partitions = raw->partitions;
  t.churn_ratio = raw->churn_ratio;
  for (int i = 0; i < raw->column_count; ++i)
    t.columns.push_back(advice::ColumnInfo{raw->columns[i].name, raw->columns[i].avg_width, raw->columns[i].n_distinct,
                                           raw->columns[i].correlation});
  ListCell* lc;
  foreach (lc, raw->indexes) {
    const auto* r = static_cast<const RawIndex*>(lfirst(lc));
    advice::ExistingIndex index;
    index.name = owned(r->name);
    index.valid = r->valid;
    index.unique = r->unique;
    index.method = static_cast<advice::IndexMethod>(r->method);
    index.predicate_sql = owned(r->predicate);
    for (int k = 0; k < r->key_count; ++k)
      index.keys.push_back(advice::IndexKey{term_of(r->keys[k].column, r->keys[k].expression), r->keys[k].descending,
                                            r->keys[k].nulls_first,
                                            advice::OperatorClass{owned(r->keys[k].opclass_schema), owned(r->keys[k].opclass)}});
    ListCell* c;
    foreach (c, r->include) index.include.push_back(static_cast<const char*>(lfirst(c)));
    t.indexes.push_back(std::move(index));
  }
  return t;
}

}  // namespace

const TableInfo& AdviceCatalog::table(Oid relid) {
  auto it = tables_.find(relid);
  if (it == tables_.end()) it = tables_.emplace(relid, table_info(relid)).first;
  return it->second;
}

void AdviceCatalog::estimate_selectivities(TableAccess& access, Oid owner) {
  for (advice::Predicate& p : access.predicates) {
    if (p.constant_sql.empty()) continue;
    const auto key = std::make_pair(access.table_oid, p.constant_sql);
    auto it = selectivity_.find(key);
    if (it == selectivity_.end()) {
      const Oid relid = access.table_oid;
      const char* clause = p.constant_sql.c_str();
      double selectivity = -1.0;
      ErrorData* error = as_owner(owner, kSafeSearchPath, [&] { selectivity = estimate_selectivity(relid, clause); });
      it = selectivity_.emplace(key, error == nullptr ? selectivity : -1.0).first;
    }
    p.selectivity = it->second;
  }
}

}  // namespace insights::pg
