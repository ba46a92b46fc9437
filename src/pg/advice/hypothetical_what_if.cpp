#include "pg/advice/hypothetical_what_if.h"

#include <memory>
#include <string>

#include "pg/advice/what_if.h"
#include "pg/guard.h"
#include "pg/run_as_owner.h"

extern "C" {
#include "catalog/pg_am_d.h"
#include "utils/lsyscache.h"
}

namespace insights::pg {

using advice::IndexCandidate;
using advice::TableInfo;

namespace {

Oid access_method(advice::IndexMethod method) {
  switch (method) {
    case advice::IndexMethod::kGin: return GIN_AM_OID;
    case advice::IndexMethod::kBrin: return BRIN_AM_OID;
    case advice::IndexMethod::kBtree: break;
  }
  return BTREE_AM_OID;
}

}  // namespace

HypotheticalIndex* hypothetical(const IndexCandidate& c, const TableInfo& table, Oid owner) {
  // Its operator class's extension is missing: nothing to plan with.
  if (!c.missing_extension.empty()) return nullptr;
  std::vector<AttrNumber> attnums;
  // Plain arrays for the C side (std::vector<bool> has no data()).
  std::unique_ptr<bool[]> descending(new bool[c.keys.size() + 1]);
  std::unique_ptr<bool[]> nulls_first(new bool[c.keys.size() + 1]);
  std::vector<std::string> expressions;
  std::vector<std::string> columns;
  std::vector<const char*> opclass_schemas, opclass_names;
  for (std::size_t i = 0; i < c.keys.size(); ++i) {
    const advice::IndexKey& k = c.keys[i];
    opclass_schemas.push_back(k.opclass.schema.c_str());
    opclass_names.push_back(k.opclass.name.c_str());
    descending[i] = k.descending;
    nulls_first[i] = k.nulls_first;
    if (k.term.is_expression)
      expressions.push_back(k.term.expression);
    else
      columns.push_back(k.term.column);
    attnums.push_back(k.term.is_expression ? 0 : -1);  // resolved below
  }
  for (const std::string& col : c.include) {
    columns.push_back(col);
    attnums.push_back(-1);
  }
  const Oid relid = c.table_oid;
  const double tuples = table.rows * c.predicate_selectivity;
  const double bytes = advice::estimate_index_bytes(c, table);
  HypotheticalIndex* index = nullptr;
  ErrorData* error = as_owner(owner, kSafeSearchPath, [&] {
    std::size_t next_column = 0;
    for (AttrNumber& attnum : attnums) {
      if (attnum == 0) continue;
      attnum = get_attnum(relid, columns[next_column++].c_str());
      if (attnum == InvalidAttrNumber) return;
    }
    List* exprs = NIL;
    for (const std::string& e : expressions) exprs = lappend(exprs, analyze_table_expression(relid, e.c_str()));
    List* predicate = c.predicate_sql.empty() ? NIL : analyze_table_predicate(relid, c.predicate_sql.c_str());
    const HypotheticalIndexSpec spec{relid,
                                     access_method(c.method),
                                     static_cast<int>(c.keys.size()),
                                     static_cast<int>(c.include.size()),
                                     attnums.data(),
                                     exprs,
                                     descending.get(),
                                     nulls_first.get(),
                                     opclass_schemas.data(),
                                     opclass_names.data(),
                                     predicate,
                                     tuples,
                                     bytes};
    index = hypothetical_index_create(spec);
  });
  return error == nullptr ? index : nullptr;
}

double HypotheticalWhatIf::cost(int statement, const std::vector<std::size_t>& in_place) {
  const AdvisedStatement& s = statements_[statement];
  const AnalyzedStatement* analyzed = s.analyzed;
  const std::vector<HypotheticalIndex*>& indexes = indexes_;
  // None stays active after this, even when a cancel ends the call
  // (deactivating cannot fail).
  struct DeactivateAll {
    ~DeactivateAll() { hypothetical_index_deactivate_all(); }
  } deactivate_all;
  double cost = -1;
  ErrorData* error = as_owner(s.owner, s.search_path, [&] {
    hypothetical_index_deactivate_all();
    for (std::size_t id : in_place) hypothetical_index_activate(indexes[id]);
    cost = plan_cost(analyzed);
  });
  return error == nullptr ? cost : -1;
}

}  // namespace insights::pg
