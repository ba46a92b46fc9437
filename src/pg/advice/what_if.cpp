#include "pg/advice/what_if.h"

extern "C" {
#include "catalog/pg_class_d.h"
#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/analyze.h"
#include "parser/parser.h"
#include "rewrite/rewriteHandler.h"
#include "tcop/tcopprot.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "executor/executor.h"
}

#include <algorithm>

namespace insights::pg {
namespace {

bool is_plannable(Node* statement) {
  return IsA(statement, SelectStmt) || IsA(statement, InsertStmt) || IsA(statement, UpdateStmt) ||
         IsA(statement, DeleteStmt);
}

ParamListInfo bind_params(const SampleParams* params) {
  ParamListInfo list = makeParamList(params->count);
  for (int i = 0; i < params->count; ++i) {
    ParamExternData* p = &list->params[i];
    p->ptype = params->types[i];
    p->pflags = PARAM_FLAG_CONST;
    p->isnull = params->values[i] == nullptr;
    p->value = 0;
    if (!p->isnull) {
      Oid input, ioparam;
      getTypeInputInfo(p->ptype, &input, &ioparam);
      p->value = OidInputFunctionCall(input, const_cast<char*>(params->values[i]), ioparam, -1);
    }
  }
  return list;
}

char* qualified_name(Oid relid) {
  return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid));
}

// The rows an index on relid covers, as a FROM item: ONLY the table itself
// (an inheritance parent's index holds its own rows, not its children's),
// but a partitioned table with its partitions (it has no rows of its own;
// its index propagates to every partition).
char* indexed_rows_of(Oid relid) {
  const bool partitioned = get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE;
  return psprintf("%s%s", partitioned ? "" : "ONLY ", qualified_name(relid));
}

Query* analyze_single(const char* sql) {
  List* raw = pg_parse_query(sql);
  if (list_length(raw) != 1) elog(ERROR, "pg_insights: expected one statement in \"%s\"", sql);
  return parse_analyze_fixedparams(linitial_node(RawStmt, raw), sql, nullptr, 0, nullptr);
}

}  // namespace


namespace {

// An error's position points into the analyzed text, not into the query
// that called index advice: report it as an internal query with its own
// position, as PL/pgSQL does for the SQL inside a function.
void position_in_text(void* text) {
  const int position = geterrposition();
  if (position <= 0) return;
  errposition(0);
  internalerrposition(position);
  internalerrquery(static_cast<const char*>(text));
}

}  // namespace

AnalyzedStatement* analyze_statement(const char* text, const SampleParams* params) {
  // Popped below; an error's PG_TRY restores the stack on its own.
  ErrorContextCallback position_callback{error_context_stack, position_in_text, const_cast<char*>(text)};
  error_context_stack = &position_callback;
  List* raw = pg_parse_query(text);
  if (list_length(raw) != 1)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("index advice needs exactly one statement, got %d", list_length(raw))));
  RawStmt* statement = linitial_node(RawStmt, raw);
  // A statement run by EXECUTE carries its PREPARE text: plan the query
  // inside it (the sample's parameter values give the types).
  if (IsA(statement->stmt, PrepareStmt)) {
    RawStmt* inner = makeNode(RawStmt);
    inner->stmt = reinterpret_cast<PrepareStmt*>(statement->stmt)->query;
    inner->stmt_location = statement->stmt_location;
    inner->stmt_len = statement->stmt_len;
    statement = inner;
  }
  if (!is_plannable(statement->stmt))
    ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                    errmsg("index advice needs a SELECT, INSERT, UPDATE or DELETE statement, not %s",
                           CreateCommandName(statement->stmt))));
  Query* query;
  ParamListInfo bound = nullptr;
  if (params != nullptr && params->count > 0) {
    query = parse_analyze_fixedparams(statement, text, params->types, params->count, nullptr);
    bound = bind_params(params);
  } else {
    // Parameters with unknown values ($1 in a text without its values):
    // infer their types and plan generically.
    Oid* types = nullptr;
    int count = 0;
    query = parse_analyze_varparams(statement, text, &types, &count, nullptr);
  }
  List* rewritten = pg_rewrite_query(query);
  Query* main = nullptr;
  ListCell* lc;
  foreach (lc, rewritten) {
    Query* q = lfirst_node(Query, lc);
    if (q->canSetTag) main = q;
  }
  if (main == nullptr || main->commandType == CMD_UTILITY)
    ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE), errmsg("index advice cannot plan this statement")));
  auto* result = static_cast<AnalyzedStatement*>(palloc(sizeof(AnalyzedStatement)));
  result->text = pstrdup(text);
  result->query = main;
  result->params = bound;
  error_context_stack = position_callback.previous;
  return result;
}

namespace {

// A plan is thrown away as soon as its cost is read: it is made in a context
// of its own, so that thousands of re-plans do not pile up in the caller's.
// (On an error the context goes with the caller's, a child of it.)
MemoryContext begin_plan_context() {
  return MemoryContextSwitchTo(AllocSetContextCreate(CurrentMemoryContext, "pg_insights re-plan", ALLOCSET_DEFAULT_SIZES));
}

void end_plan_context(MemoryContext caller) {
  MemoryContext plan_context = MemoryContextSwitchTo(caller);
  MemoryContextDelete(plan_context);
}

}  // namespace

double plan_cost(const AnalyzedStatement* statement) {
  MemoryContext caller = begin_plan_context();
  Query* copy = static_cast<Query*>(copyObjectImpl(statement->query));
  PlannedStmt* plan = planner(copy, statement->text, CURSOR_OPT_PARALLEL_OK, statement->params);
  // EXPLAIN's rule: a statement is planned only for those who may run it
  // (checked on the plan, which lists every relation, those behind views too).
  compat_check_plan_permissions(plan);
  const double cost = plan->planTree->total_cost;
  end_plan_context(caller);
  return cost;
}

double estimate_selectivity(Oid relid, const char* clause_sql) {
  MemoryContext caller = begin_plan_context();
  char* sql = psprintf("SELECT 1 FROM %s WHERE %s", indexed_rows_of(relid), clause_sql);
  Query* query = analyze_single(sql);
  PlannedStmt* plan = planner(query, sql, 0, nullptr);
  // The scan's estimate against the table's estimate (same planner, same statistics).
  char* all_sql = psprintf("SELECT 1 FROM %s", indexed_rows_of(relid));
  PlannedStmt* all = planner(analyze_single(all_sql), all_sql, 0, nullptr);
  const double total = std::max(all->planTree->plan_rows, 1.0);
  const double selectivity = std::min(1.0, plan->planTree->plan_rows / total);
  end_plan_context(caller);
  return selectivity;
}

Node* analyze_table_expression(Oid relid, const char* expression_sql) {
  char* sql = psprintf("SELECT %s FROM ONLY %s", expression_sql, qualified_name(relid));
  Query* query = analyze_single(sql);
  TargetEntry* tle = linitial_node(TargetEntry, query->targetList);
  return eval_const_expressions(nullptr, reinterpret_cast<Node*>(tle->expr));
}

List* analyze_table_predicate(Oid relid, const char* predicate_sql) {
  char* sql = psprintf("SELECT 1 FROM ONLY %s WHERE %s", qualified_name(relid), predicate_sql);
  Query* query = analyze_single(sql);
  // As RelationGetIndexPredicate() prepares a real index's predicate.
  Node* qual = eval_const_expressions(nullptr, query->jointree->quals);
  qual = reinterpret_cast<Node*>(canonicalize_qual(reinterpret_cast<Expr*>(qual), false));
  List* result = make_ands_implicit(reinterpret_cast<Expr*>(qual));
  fix_opfuncids(reinterpret_cast<Node*>(result));
  return result;
}

}  // namespace insights::pg
