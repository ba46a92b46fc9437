#include "pg/advice/access_extractor.h"
#include "pg/advice/method_predicates.h"
#include "pg/advice/table_hierarchy.h"
#include "pg/compat.h"

#include "core/advice/access.h"

extern "C" {
#include "access/stratnum.h"
#include "catalog/namespace.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_namespace_d.h"
#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/pg_locale.h"
#include "utils/syscache.h"
#include "utils/ruleutils.h"
}

namespace insights::pg {
namespace {

using advice::Op;

struct Extraction {
  List* accesses;        // RawTableAccess*, in discovery order
  PlannerInfo* planner;  // for eval_const_expressions
  ParamListInfo params;  // for a pattern's value only
};

// One query level being analyzed: its accesses by range-table index.
struct Level {
  Query* query;
  RawTableAccess** by_rtindex;  // 1-based, nullptr for non-table entries
  ParamListInfo params;         // the sample's parameter values, or nullptr
};

int relation_attribute_count(Oid relid) {
  HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
  if (!HeapTupleIsValid(tuple)) return 0;
  const int natts = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->relnatts;
  ReleaseSysCache(tuple);
  return natts;
}

// The column's name, or nullptr for a dropped column.
char* live_attname(Oid relid, AttrNumber attnum) {
  HeapTuple tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(attnum));
  if (!HeapTupleIsValid(tuple)) return nullptr;
  auto* att = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple));
  char* name = att->attisdropped ? nullptr : pstrdup(NameStr(att->attname));
  ReleaseSysCache(tuple);
  return name;
}

bool is_user_table(Oid relid) {
  const char kind = get_rel_relkind(relid);
  if (kind != RELKIND_RELATION && kind != RELKIND_MATVIEW && kind != RELKIND_PARTITIONED_TABLE) return false;
  const Oid ns = get_rel_namespace(relid);
  return ns != PG_CATALOG_NAMESPACE && ns != PG_TOAST_NAMESPACE && !isAnyTempNamespace(ns) &&
         strcmp(get_namespace_name(ns), "information_schema") != 0;
}

RawTableAccess* new_access(Oid relid) {
  auto* a = static_cast<RawTableAccess*>(palloc0(sizeof(RawTableAccess)));
  a->relid = relid;
  a->schema = get_namespace_name(get_rel_namespace(relid));
  a->table = get_rel_name(relid);
  return a;
}

// The access, told of another table of the same tree: the names were
// resolved on the scanned table, and every table of a tree has the same
// column names.
RawTableAccess* same_access_on(const RawTableAccess* access, Oid relid) {
  RawTableAccess* copy = new_access(relid);
  const RawTableAccess names = *copy;
  *copy = *access;
  copy->relid = relid;
  copy->schema = names.schema;
  copy->table = names.table;
  return copy;
}

// The tables a scan's access is advised on (docs/ARCHITECTURE.md,
// "Partitioned tables and inheritance"): a partition's, on the root of its
// partition tree, where an index propagates to it; an inheritance parent's
// scanned with its children (inh), on each plain table of the tree, since
// an index on the parent does not propagate; any other, on the table.
List* advised_accesses(RawTableAccess* access, const RangeTblEntry* rte) {
  const Oid root = advised_table(access->relid);
  if (root != access->relid) return list_make1(same_access_on(access, root));
  List* members = rte->inh ? inheritance_members(access->relid) : NIL;
  if (members == NIL) return list_make1(access);
  List* result = NIL;
  ListCell* lc;
  foreach (lc, members) result = lappend(result, same_access_on(access, lfirst_oid(lc)));
  return result;
}

// The single range-table index all level-0 Vars of expr refer to, or 0
// (none, several, or something an index key cannot hold).
struct VarScan {
  Index rtindex;
  bool mixed;
  int depth;
};

bool scan_vars(Node* node, VarScan* scan) {
  if (node == nullptr) return false;
  if (IsA(node, Var)) {
    Var* var = reinterpret_cast<Var*>(node);
    if (static_cast<int>(var->varlevelsup) == scan->depth) {
      if (scan->rtindex == 0)
        scan->rtindex = var->varno;
      else if (scan->rtindex != static_cast<Index>(var->varno))
        scan->mixed = true;
    }
    return false;
  }
  if (IsA(node, Query)) {
    scan->depth++;
    bool r = query_tree_walker(reinterpret_cast<Query*>(node), as_walker(scan_vars), scan, 0);
    scan->depth--;
    return r;
  }
  return expression_tree_walker(node, as_walker(scan_vars), scan);
}

Index single_relation(Node* expr) {
  VarScan scan{0, false, 0};
  scan_vars(expr, &scan);
  return scan.mixed ? 0 : scan.rtindex;
}

bool has_level0_vars(Node* expr) {
  VarScan scan{0, false, 0};
  scan_vars(expr, &scan);
  return scan.rtindex != 0;
}

// A key term: an immutable expression over one table's columns (no
// sublinks, aggregates or window functions).
Index term_relation(Level* level, Node* expr) {
  if (contain_mutable_functions(expr) || contain_subplans(expr) || contain_agg_clause(expr) ||
      contain_window_function(expr))
    return 0;
  const Index rtindex = single_relation(expr);
  if (rtindex == 0 || rtindex > static_cast<Index>(list_length(level->query->rtable))) return 0;
  return level->by_rtindex[rtindex] != nullptr ? rtindex : 0;
}

// The value side: nothing from this level's tables, nothing volatile (a
// stable now() is fine as a key's comparison value, though never in DDL).
bool is_value(Node* expr) { return !has_level0_vars(expr) && !contain_volatile_functions(expr); }

// Deparses expr, whose Vars refer to rtindex, as it would appear in DDL.
char* deparse_for_table(Node* expr, Index rtindex, Oid relid) {
  Node* copy = static_cast<Node*>(copyObjectImpl(expr));
  if (rtindex != 1) ChangeVarNodes(copy, static_cast<int>(rtindex), 1, 0);
  return deparse_expression(copy, deparse_context_for(get_rel_name(relid), relid), false, false);
}

void set_term(Node* term, Index rtindex, Oid relid, char** column, char** expression) {
  if (IsA(term, Var) && reinterpret_cast<Var*>(term)->varattno > 0) {
    *column = get_attname(relid, reinterpret_cast<Var*>(term)->varattno, false);
    *expression = nullptr;
  } else {
    *column = nullptr;
    *expression = deparse_for_table(term, rtindex, relid);
  }
}

Node* strip(Node* n) { return strip_implicit_coercions(n); }

RawPredicate* add_predicate(Level* level, Index rtindex, Node* term, Op op, Node* clause, bool constant) {
  RawTableAccess* access = level->by_rtindex[rtindex];
  auto* p = static_cast<RawPredicate*>(palloc0(sizeof(RawPredicate)));
  set_term(term, rtindex, access->relid, &p->column, &p->expression);
  p->op = static_cast<int>(op);
  p->clause_sql = constant ? deparse_for_table(clause, rtindex, access->relid) : nullptr;
  access->predicates = lappend(access->predicates, p);
  return p;
}

void add_join_column(Level* level, Node* side) {
  side = strip(side);
  if (!IsA(side, Var)) return;
  Var* var = reinterpret_cast<Var*>(side);
  if (var->varlevelsup != 0 || var->varattno <= 0) return;
  RawTableAccess* access = level->by_rtindex[var->varno];
  if (access == nullptr) return;
  access->join_columns = lappend(access->join_columns, get_attname(access->relid, var->varattno, false));
}

bool operator_from_name(const char* name, Op* op) {
  if (strcmp(name, "=") == 0) *op = Op::kEq;
  else if (strcmp(name, "<") == 0) *op = Op::kLt;
  else if (strcmp(name, "<=") == 0) *op = Op::kLe;
  else if (strcmp(name, ">") == 0) *op = Op::kGt;
  else if (strcmp(name, ">=") == 0) *op = Op::kGe;
  else return false;
  return true;
}

Op commuted(Op op) {
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kLe: return Op::kGe;
    case Op::kGt: return Op::kLt;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

void classify(Level* level, Node* clause) {
  Node* c = strip(clause);
  if (IsA(c, OpExpr) && list_length(reinterpret_cast<OpExpr*>(c)->args) == 2) {
    OpExpr* e = reinterpret_cast<OpExpr*>(c);
    Node* left = strip(static_cast<Node*>(linitial(e->args)));
    Node* right = strip(static_cast<Node*>(lsecond(e->args)));
    char* name = get_opname(e->opno);
    if (name == nullptr) return;
    const Index left_rel = term_relation(level, left);
    const Index right_rel = term_relation(level, right);
    MethodPredicate m;
    if (left_rel != 0 && right_rel == 0 && is_value(right) && method_predicate(left, right, e, name, level->params, &m)) {
      RawPredicate* p = add_predicate(level, left_rel, left, static_cast<Op>(m.op), c, m.constant);
      p->opclass_schema = m.opclass_schema;
      p->opclass = m.opclass;
      p->missing_extension = m.missing_extension;
      return;
    }
    Op op;
    if (!operator_from_name(name, &op)) return;
    if (left_rel != 0 && right_rel != 0) {
      if (left_rel != right_rel && op == Op::kEq) {
        add_join_column(level, left);
        add_join_column(level, right);
      }
      return;
    }
    Node* term = left_rel != 0 ? left : right;
    Node* value = left_rel != 0 ? right : left;
    const Index rtindex = left_rel != 0 ? left_rel : right_rel;
    if (rtindex == 0 || !is_value(value)) return;
    if (left_rel == 0) op = commuted(op);
    add_predicate(level, rtindex, term, op, c, IsA(value, Const));
    return;
  }
  if (IsA(c, ScalarArrayOpExpr)) {
    ScalarArrayOpExpr* e = reinterpret_cast<ScalarArrayOpExpr*>(c);
    char* name = get_opname(e->opno);
    if (!e->useOr || name == nullptr || strcmp(name, "=") != 0) return;
    Node* term = strip(static_cast<Node*>(linitial(e->args)));
    Node* value = strip(static_cast<Node*>(lsecond(e->args)));
    const Index rtindex = term_relation(level, term);
    if (rtindex == 0 || !is_value(value)) return;
    add_predicate(level, rtindex, term, Op::kIn, c, IsA(value, Const));
    return;
  }
  if (IsA(c, NullTest)) {
    NullTest* t = reinterpret_cast<NullTest*>(c);
    Node* term = strip(reinterpret_cast<Node*>(t->arg));
    const Index rtindex = t->argisrow ? 0 : term_relation(level, term);
    if (rtindex != 0) add_predicate(level, rtindex, term, t->nulltesttype == IS_NULL ? Op::kIsNull : Op::kIsNotNull, c, true);
    return;
  }
  if (IsA(c, Var) && exprType(c) == BOOLOID) {
    const Index rtindex = term_relation(level, c);
    if (rtindex != 0) add_predicate(level, rtindex, c, Op::kIsTrue, c, true);
    return;
  }
  if (is_notclause(c)) {
    Node* arg = strip(reinterpret_cast<Node*>(get_notclausearg(reinterpret_cast<Expr*>(c))));
    if (IsA(arg, Var) && exprType(arg) == BOOLOID) {
      const Index rtindex = term_relation(level, arg);
      if (rtindex != 0) add_predicate(level, rtindex, arg, Op::kIsFalse, c, true);
    }
    return;
  }
  if (IsA(c, BooleanTest)) {
    BooleanTest* t = reinterpret_cast<BooleanTest*>(c);
    Node* arg = strip(reinterpret_cast<Node*>(t->arg));
    const Index rtindex = term_relation(level, arg);
    if (rtindex == 0) return;
    if (t->booltesttype == IS_TRUE) add_predicate(level, rtindex, arg, Op::kIsTrue, c, true);
    if (t->booltesttype == IS_FALSE) add_predicate(level, rtindex, arg, Op::kIsFalse, c, true);
  }
}

// Splits quals into ANDed conjuncts, folding constants and parameters first.
void collect_conjuncts(Extraction* x, Node* quals, List** out) {
  if (quals == nullptr) return;
  Node* folded = eval_const_expressions(x->planner, quals);
  *out = list_concat(*out, make_ands_implicit(reinterpret_cast<Expr*>(folded)));
}

void collect_join_quals(Extraction* x, Node* node, List** out) {
  if (node == nullptr) return;
  if (IsA(node, FromExpr)) {
    FromExpr* f = reinterpret_cast<FromExpr*>(node);
    ListCell* lc;
    foreach (lc, f->fromlist) collect_join_quals(x, static_cast<Node*>(lfirst(lc)), out);
    collect_conjuncts(x, f->quals, out);
  } else if (IsA(node, JoinExpr)) {
    JoinExpr* j = reinterpret_cast<JoinExpr*>(node);
    collect_join_quals(x, j->larg, out);
    collect_join_quals(x, j->rarg, out);
    collect_conjuncts(x, j->quals, out);
  }
}

void collect_sort(Level* level) {
  Query* q = level->query;
  if (q->sortClause == NIL) return;
  Index rtindex = 0;
  List* keys = NIL;
  ListCell* lc;
  foreach (lc, q->sortClause) {
    SortGroupClause* sgc = static_cast<SortGroupClause*>(lfirst(lc));
    TargetEntry* tle = get_sortgroupclause_tle(sgc, q->targetList);
    Node* expr = strip(reinterpret_cast<Node*>(tle->expr));
    const Index r = term_relation(level, expr);
    if (r == 0 || (rtindex != 0 && r != rtindex)) return;  // the sort spans tables: no single index serves it
    rtindex = r;
    auto* key = static_cast<RawSortKey*>(palloc0(sizeof(RawSortKey)));
    set_term(expr, r, level->by_rtindex[r]->relid, &key->column, &key->expression);
    key->descending = compat_ordering_op_is_descending(sgc->sortop);
    key->nulls_first = sgc->nulls_first;
    keys = lappend(keys, key);
  }
  RawTableAccess* access = level->by_rtindex[rtindex];
  access->order_by = keys;
  access->has_limit = q->limitCount != nullptr;
}

struct ReadScan {
  Level* level;
  int depth;
};

bool collect_reads(Node* node, ReadScan* scan) {
  if (node == nullptr) return false;
  if (IsA(node, Var)) {
    Var* var = reinterpret_cast<Var*>(node);
    if (static_cast<int>(var->varlevelsup) != scan->depth) return false;
    if (var->varno > list_length(scan->level->query->rtable)) return false;
    RawTableAccess* access = scan->level->by_rtindex[var->varno];
    if (access == nullptr) return false;
    if (var->varattno > 0) {
      char* name = get_attname(access->relid, var->varattno, false);
      ListCell* lc;
      foreach (lc, access->columns_read)
        if (strcmp(static_cast<char*>(lfirst(lc)), name) == 0) return false;
      access->columns_read = lappend(access->columns_read, name);
    } else if (var->varattno == 0) {
      // A whole-row reference reads every column.
      const int natts = relation_attribute_count(access->relid);
      for (int att = 1; att <= natts; ++att) {
        if (char* name = live_attname(access->relid, static_cast<AttrNumber>(att)))
          access->columns_read = lappend(access->columns_read, name);
      }
    }
    return false;
  }
  if (IsA(node, Query)) {
    scan->depth++;
    bool r = query_tree_walker(reinterpret_cast<Query*>(node), as_walker(collect_reads), scan, 0);
    scan->depth--;
    return r;
  }
  return expression_tree_walker(node, as_walker(collect_reads), scan);
}

void extract_query(Extraction* x, Query* q);

bool visit_sublinks(Node* node, Extraction* x) {
  if (node == nullptr) return false;
  if (IsA(node, SubLink)) {
    SubLink* s = reinterpret_cast<SubLink*>(node);
    if (s->subselect != nullptr && IsA(s->subselect, Query)) extract_query(x, reinterpret_cast<Query*>(s->subselect));
    return visit_sublinks(s->testexpr, x);
  }
  if (IsA(node, Query)) return false;  // handled where it is a range table entry
  return expression_tree_walker(node, as_walker(visit_sublinks), x);
}

void extract_query(Extraction* x, Query* q) {
  const int n = list_length(q->rtable);
  Level level{q, static_cast<RawTableAccess**>(palloc0(sizeof(RawTableAccess*) * (n + 1))), x->params};
  for (int i = 1; i <= n; ++i) {
    RangeTblEntry* rte = rt_fetch(i, q->rtable);
    if (rte->rtekind == RTE_RELATION && is_user_table(rte->relid)) level.by_rtindex[i] = new_access(rte->relid);
    if (rte->rtekind == RTE_SUBQUERY && rte->subquery != nullptr) extract_query(x, rte->subquery);
  }
  ListCell* lc;
  foreach (lc, q->cteList) {
    CommonTableExpr* cte = static_cast<CommonTableExpr*>(lfirst(lc));
    if (IsA(cte->ctequery, Query)) extract_query(x, reinterpret_cast<Query*>(cte->ctequery));
  }

  List* conjuncts = NIL;
  collect_join_quals(x, reinterpret_cast<Node*>(q->jointree), &conjuncts);
  foreach (lc, conjuncts) classify(&level, static_cast<Node*>(lfirst(lc)));
  collect_sort(&level);
  ReadScan reads{&level, 0};
  query_tree_walker(q, as_walker(collect_reads), &reads, QTW_IGNORE_RANGE_TABLE);
  query_tree_walker(q, as_walker(visit_sublinks), x, QTW_IGNORE_RANGE_TABLE);

  for (int i = 1; i <= n; ++i) {
    RawTableAccess* a = level.by_rtindex[i];
    if (a != nullptr && (a->predicates != NIL || a->order_by != NIL || a->join_columns != NIL))
      x->accesses = list_concat(x->accesses, advised_accesses(a, rt_fetch(i, q->rtable)));
  }
}

}  // namespace

List* extract_table_accesses(Query* query, ParamListInfo params) {
  // Parameters stay parameters: a prepared statement's value changes from
  // call to call, so it must never become a partial index's predicate.
  PlannerGlobal* glob = makeNode(PlannerGlobal);
  PlannerInfo* root = makeNode(PlannerInfo);
  root->glob = glob;
  root->query_level = 1;
  root->parse = query;
  Extraction x{NIL, root, params};
  extract_query(&x, query);
  return x.accesses;
}

}  // namespace insights::pg
