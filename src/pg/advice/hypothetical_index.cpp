#include "pg/advice/hypothetical_index.h"
#include "pg/advice/index_method.h"
#include "pg/advice/table_hierarchy.h"

extern "C" {
#include "access/amapi.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_class_d.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/plancat.h"
#include "rewrite/rewriteManip.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"
#include "utils/syscache.h"
}

#include <algorithm>
#include <cmath>

namespace insights::pg {

struct HypotheticalIndex {
  Oid oid;  // fake, distinct per index
  Oid table_oid;
  Oid access_method;
  int ncolumns;
  int nkeycolumns;
  int* indexkeys;
  Oid* collations;
  Oid* opfamilies;
  Oid* opcintypes;
  bool* reverse_sort;
  bool* nulls_first;
  List* expressions;
  List* predicate;
  double tuples;
  BlockNumber pages;
  double table_rows;  // the rows it is built over (all partitions of a partitioned table)
  bool partitioned;   // on a partitioned table: propagated to its partitions
};

namespace {

// OIDs no catalog object will have in practice; only plans refer to them,
// and a plan with a hypothetical index is never executed. Distinct per
// index, since several may be active on one table.
constexpr Oid kFirstHypotheticalIndexOid = 4294960000U;
Oid next_oid = kFirstHypotheticalIndexOid;

// The active indexes, in TopMemoryContext-independent storage: a fixed
// array, since what-if planning never weighs many at once.
constexpr int kMaxActive = 64;
HypotheticalIndex* active[kMaxActive];
int active_count = 0;
get_relation_info_hook_type prev_get_relation_info = nullptr;
get_index_stats_hook_type prev_get_index_stats = nullptr;

const HypotheticalIndex* active_index(Oid oid) {
  for (int i = 0; i < active_count; ++i)
    if (active[i]->oid == oid) return active[i];
  return nullptr;
}

// The one column an expression reads, or nullptr.
const Var* single_var(Node* expr) {
  List* vars = pull_var_clause(expr, 0);
  const Var* var = list_length(vars) == 1 ? static_cast<const Var*>(linitial(vars)) : nullptr;
  return var != nullptr && var->varattno > 0 ? var : nullptr;
}

// A real expression index gets statistics at ANALYZE; a hypothetical one
// has none, and the planner would take lower(email) = $1 to match 200 rows
// (DEFAULT_NUM_DISTINCT) and plan a bitmap scan. Lend it the statistics of
// the column the expression reads, when the expression keeps its type
// (lower(), trim(), date_trunc()): the distinct count carries over; MCV and
// histogram values are of the right type, if only roughly right.
bool get_index_stats(PlannerInfo* root, Oid index_oid, AttrNumber index_column, VariableStatData* vardata) noexcept {
  if (prev_get_index_stats && prev_get_index_stats(root, index_oid, index_column, vardata)) return true;
  const HypotheticalIndex* h = active_index(index_oid);
  if (h == nullptr || index_column < 1 || index_column > h->nkeycolumns || h->indexkeys[index_column - 1] != 0)
    return false;
  int expression_number = 0;
  for (int i = 0; i < index_column - 1; ++i)
    if (h->indexkeys[i] == 0) ++expression_number;
  if (expression_number >= list_length(h->expressions)) return false;
  Node* expr = static_cast<Node*>(list_nth(h->expressions, expression_number));
  const Var* var = single_var(expr);
  if (var == nullptr || exprType(expr) != var->vartype) return false;
  // A partitioned table's statistics cover its partitions (stainherit).
  const bool inherited = h->partitioned;
  HeapTuple stats = SearchSysCache3(STATRELATTINH, ObjectIdGetDatum(h->table_oid), Int16GetDatum(var->varattno),
                                    BoolGetDatum(inherited));
  if (!HeapTupleIsValid(stats)) return false;
  vardata->statsTuple = stats;
  vardata->freefunc = ReleaseSysCache;
  vardata->acl_ok = true;
  return true;
}

List* tlist_for(const HypotheticalIndex* h, Index varno, List* expressions) {
  List* tlist = NIL;
  ListCell* next_expression = list_head(expressions);
  for (int i = 0; i < h->ncolumns; ++i) {
    Expr* expr;
    if (h->indexkeys[i] != 0) {
      Oid type, collation;
      int32 typmod;
      get_atttypetypmodcoll(h->table_oid, static_cast<AttrNumber>(h->indexkeys[i]), &type, &typmod, &collation);
      expr = reinterpret_cast<Expr*>(makeVar(varno, static_cast<AttrNumber>(h->indexkeys[i]), type, typmod, collation, 0));
    } else {
      expr = static_cast<Expr*>(lfirst(next_expression));
      next_expression = lnext(expressions, next_expression);
    }
    tlist = lappend(tlist, makeTargetEntry(expr, static_cast<AttrNumber>(i + 1), nullptr, false));
  }
  return tlist;
}

void inject(PlannerInfo* root, RelOptInfo* rel, const HypotheticalIndex* h) {
  IndexOptInfo* index = makeNode(IndexOptInfo);
  index->indexoid = h->oid;
  index->reltablespace = rel->reltablespace;
  index->rel = rel;
  index->pages = h->pages;
  index->tuples = h->tuples;
  index->ncolumns = h->ncolumns;
  index->nkeycolumns = h->nkeycolumns;
  index->indexkeys = static_cast<int*>(palloc(sizeof(int) * h->ncolumns));
  for (int i = 0; i < h->ncolumns; ++i) index->indexkeys[i] = h->indexkeys[i];
  const Size key_bytes = sizeof(Oid) * h->nkeycolumns;
  index->indexcollations = static_cast<Oid*>(palloc(key_bytes));
  index->opfamily = static_cast<Oid*>(palloc(key_bytes));
  index->opcintype = static_cast<Oid*>(palloc(key_bytes));
  index->reverse_sort = static_cast<bool*>(palloc(sizeof(bool) * h->nkeycolumns));
  index->nulls_first = static_cast<bool*>(palloc(sizeof(bool) * h->nkeycolumns));
  for (int i = 0; i < h->nkeycolumns; ++i) {
    index->indexcollations[i] = h->collations[i];
    index->opfamily[i] = h->opfamilies[i];
    index->opcintype[i] = h->opcintypes[i];
    index->reverse_sort[i] = h->reverse_sort[i];
    index->nulls_first[i] = h->nulls_first[i];
  }
  fill_access_method(index, h->access_method);

  List* expressions = static_cast<List*>(copyObjectImpl(h->expressions));
  List* predicate = static_cast<List*>(copyObjectImpl(h->predicate));
  if (rel->relid != 1) {
    ChangeVarNodes(reinterpret_cast<Node*>(expressions), 1, static_cast<int>(rel->relid), 0);
    ChangeVarNodes(reinterpret_cast<Node*>(predicate), 1, static_cast<int>(rel->relid), 0);
  }
  index->indexprs = expressions;
  index->indpred = predicate;
  index->predOK = false;  // check_index_predicates() decides
  index->indextlist = tlist_for(h, rel->relid, expressions);
  index->unique = false;
  index->immediate = true;
  // Keeps get_actual_variable_range() off it, and makes gincostestimate
  // and brincostestimate cost it from pages and tuples without reading a
  // metapage: the size estimate drives their costs.
  index->hypothetical = true;
  (void)root;
  rel->indexlist = lcons(index, rel->indexlist);
}

// A hypothetical index on a partitioned table, as CREATE INDEX would
// propagate it to one of its partitions: the partition's attribute numbers,
// and its share of the entries and pages (by rows). nullptr unless the
// partition is under the index's table.
const HypotheticalIndex* on_partition(const HypotheticalIndex* h, Oid partition, const RelOptInfo* rel) {
  AttrMap* map = h->partitioned ? partition_attribute_map(h->table_oid, partition) : nullptr;
  if (map == nullptr) return nullptr;
  auto* copy = static_cast<HypotheticalIndex*>(palloc(sizeof(HypotheticalIndex)));
  *copy = *h;
  copy->table_oid = partition;
  copy->indexkeys = static_cast<int*>(palloc(sizeof(int) * h->ncolumns));
  for (int i = 0; i < h->ncolumns; ++i)
    copy->indexkeys[i] = h->indexkeys[i] > 0 ? map->attnums[h->indexkeys[i] - 1] : h->indexkeys[i];
  bool whole_row = false;
  copy->expressions = reinterpret_cast<List*>(
      map_variable_attnos(reinterpret_cast<Node*>(copyObjectImpl(h->expressions)), 1, 0, map, InvalidOid, &whole_row));
  bool whole_row_in_predicate = false;
  copy->predicate = reinterpret_cast<List*>(map_variable_attnos(reinterpret_cast<Node*>(copyObjectImpl(h->predicate)),
                                                                1, 0, map, InvalidOid, &whole_row_in_predicate));
  // CREATE INDEX refuses to propagate a whole-row reference, and so do we.
  if (whole_row || whole_row_in_predicate) return nullptr;
  const double share = h->table_rows > 0 ? std::min(1.0, rel->tuples / h->table_rows) : 1.0;
  copy->tuples = h->tuples * share;
  copy->pages = static_cast<BlockNumber>(std::max(1.0, std::ceil(h->pages * share)));
  copy->table_rows = rel->tuples;
  copy->partitioned = false;
  return copy;
}

// Out of line: the hook runs for every table of every statement planned,
// and almost always with no hypothetical index active.
__attribute__((noinline)) void inject_active(PlannerInfo* root, Oid relation_oid, RelOptInfo* rel) {
  for (int i = 0; i < active_count; ++i) {
    if (active[i]->table_oid == relation_oid)
      inject(root, rel, active[i]);
    else if (const HypotheticalIndex* propagated = on_partition(active[i], relation_oid, rel))
      inject(root, rel, propagated);
  }
}

void get_relation_info(PlannerInfo* root, Oid relation_oid, bool inhparent, RelOptInfo* rel) noexcept {
  if (prev_get_relation_info) prev_get_relation_info(root, relation_oid, inhparent, rel);
  // A partitioned table has no storage and no index paths of its own: its
  // partitions get the index, each when the planner expands it (those
  // pruned at plan time never are).
  if (active_count != 0 && !inhparent) inject_active(root, relation_oid, rel);
}

}  // namespace

HypotheticalIndex* hypothetical_index_create(const HypotheticalIndexSpec& spec) {
  auto* h = static_cast<HypotheticalIndex*>(palloc0(sizeof(HypotheticalIndex)));
  h->oid = next_oid++;
  if (next_oid < kFirstHypotheticalIndexOid) next_oid = kFirstHypotheticalIndexOid;  // wrapped
  h->table_oid = spec.table_oid;
  h->access_method = spec.access_method;
  h->nkeycolumns = spec.key_count;
  h->ncolumns = spec.key_count + spec.include_count;
  h->indexkeys = static_cast<int*>(palloc(sizeof(int) * h->ncolumns));
  h->collations = static_cast<Oid*>(palloc(sizeof(Oid) * h->nkeycolumns));
  h->opfamilies = static_cast<Oid*>(palloc(sizeof(Oid) * h->nkeycolumns));
  h->opcintypes = static_cast<Oid*>(palloc(sizeof(Oid) * h->nkeycolumns));
  h->reverse_sort = static_cast<bool*>(palloc(sizeof(bool) * h->nkeycolumns));
  h->nulls_first = static_cast<bool*>(palloc(sizeof(bool) * h->nkeycolumns));
  h->expressions = spec.expressions;
  h->predicate = spec.predicate;

  ListCell* next_expression = list_head(spec.expressions);
  for (int i = 0; i < h->ncolumns; ++i) {
    h->indexkeys[i] = spec.attnums[i];
    if (i >= h->nkeycolumns) continue;
    Oid type, collation;
    if (spec.attnums[i] != 0) {
      int32 typmod;
      get_atttypetypmodcoll(spec.table_oid, spec.attnums[i], &type, &typmod, &collation);
    } else {
      if (next_expression == nullptr) return nullptr;
      Node* expr = static_cast<Node*>(lfirst(next_expression));
      next_expression = lnext(spec.expressions, next_expression);
      type = exprType(expr);
      collation = exprCollation(expr);
    }
    const Oid opclass = key_operator_class(spec.access_method, type, spec.opclass_schemas[i], spec.opclass_names[i]);
    if (!OidIsValid(opclass)) return nullptr;
    h->opfamilies[i] = get_opclass_family(opclass);
    h->opcintypes[i] = get_opclass_input_type(opclass);
    h->collations[i] = collation;
    h->reverse_sort[i] = spec.descending[i];
    h->nulls_first[i] = spec.nulls_first[i];
  }
  h->tuples = spec.tuples;
  h->table_rows = rows_indexed(spec.table_oid);
  h->partitioned = get_rel_relkind(spec.table_oid) == RELKIND_PARTITIONED_TABLE;
  h->pages = static_cast<BlockNumber>(std::max(1.0, std::ceil(spec.bytes / BLCKSZ)));
  return h;
}

void hypothetical_index_activate(HypotheticalIndex* index) {
  if (active_count == kMaxActive) elog(ERROR, "pg_insights: too many hypothetical indexes at once");
  active[active_count++] = index;
}

void hypothetical_index_deactivate(HypotheticalIndex* index) {
  for (int i = 0; i < active_count; ++i) {
    if (active[i] != index) continue;
    active[i] = active[--active_count];
    return;
  }
}

void hypothetical_index_deactivate_all() { active_count = 0; }

void install_hypothetical_index_hook() {
  prev_get_relation_info = get_relation_info_hook;
  get_relation_info_hook = get_relation_info;
  prev_get_index_stats = get_index_stats_hook;
  get_index_stats_hook = get_index_stats;
}

}  // namespace insights::pg
