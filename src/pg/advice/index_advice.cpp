// insights.index_advice() and insights.index_advice_for(): from tracked
// statements (or one given text) to validated CREATE INDEX statements.
//
//   tracked_statements ─ prepare_tracked (analyze and plan as the owner)
//     ─ table_accesses ─ candidates (core) ─ merge (core) ─ drop those
//     existing indexes serve ─ hypothetical indexes ─ select_indexes (core,
//     through HypotheticalWhatIf, with the measured times and write rates
//     of tracked_writes) ─ emit_advice
//
// This is C++ with live objects, so every PostgreSQL call goes through
// pg_call() / pg_call_in_subtransaction() (guard.h); the lambdas passed to
// them touch only C data and references to objects owned outside them.
#include <utility>
#include <vector>

#include "core/advice/candidates.h"
#include "core/advice/index_candidate.h"
#include "core/advice/index_size.h"
#include "core/advice/merge.h"
#include "core/advice/selection.h"
#include "core/stats/statement_key.h"
#include "pg/advice/advice_catalog.h"
#include "pg/advice/advice_rows.h"
#include "pg/advice/hypothetical_what_if.h"
#include "pg/advice/sample_analysis.h"
#include "pg/advice/selection_choice.h"
#include "pg/advice/table_writes.h"
#include "pg/advice/tracked_statements.h"
#include "pg/guard.h"
#include "pg/run_as_owner.h"
#include "pg/settings.h"
#include "pg/sql_function.h"
#include "pgquery/pgquery.h"

extern "C" {
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
}

namespace insights::pg {
namespace {

using advice::IndexCandidate;
using advice::TableAccess;
using advice::TableInfo;

// What the selection is told about the workload: calls, one call's planner
// cost and, for tracked statements, the measured mean time and the window
// they were recorded over (index_advice_for's one statement has no time).
advice::Workload workload_of(const std::vector<AdvisedStatement>& statements, double window_hours) {
  advice::Workload w;
  w.window_hours = window_hours;
  for (const AdvisedStatement& s : statements)
    w.statements.push_back(advice::WorkloadStatement{s.calls, s.cost, window_hours > 0 ? s.mean_ms : 0});
  return w;
}

// writes: the tracked write rates (their window_hours 0 for index_advice_for:
// no absolute bar). budget_bytes < 0: none.
void advise(FunctionCallInfo fcinfo, std::vector<AdvisedStatement> statements, double min_improvement_pct,
            const TrackedWrites& writes, double budget_bytes) {
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  pg_call([&] { begin_rows(fcinfo, kAdviceColumns); });

  AdviceCatalog catalog;
  std::vector<IndexCandidate> candidates;
  for (std::size_t id = 0; id < statements.size(); ++id) {
    for (TableAccess& access : table_accesses(statements[id])) {
      const TableInfo& table = catalog.table(access.table_oid);
      catalog.estimate_selectivities(access, statements[id].owner);
      for (IndexCandidate& c : advice::candidates_for(static_cast<int>(id), access, table))
        if (!advice::served_by_any(c, table.indexes)) candidates.push_back(std::move(c));
    }
  }
  candidates = advice::merge_candidates(std::move(candidates));
  // Extend's one-key starts and steps, or under a budget the narrow forms.
  add_selection_candidates(candidates, catalog, budget_bytes);

  // Candidates that cannot be hypothetical indexes (a key type without a
  // B-tree operator class) go; the core chooses among the rest.
  std::vector<advice::WeighedCandidate> weighed;
  std::vector<HypotheticalIndex*> indexes;
  std::vector<IndexCandidate> unvalidated;  // their operator class's extension is missing
  for (IndexCandidate& c : candidates) {
    const TableInfo& table = catalog.table(c.table_oid);
    if (!c.missing_extension.empty()) {
      if (table.rows >= advice::kMinRowsForUnvalidatedAdvice) unvalidated.push_back(std::move(c));
      continue;
    }
    HypotheticalIndex* index = hypothetical(c, table, statements[c.statements.front()].owner);
    if (index == nullptr) continue;
    indexes.push_back(index);
    advice::WeighedCandidate w;
    w.bytes = advice::estimate_index_bytes(c, table);
    w.write_ms_per_hour = advice::index_write_ms_per_hour(
        rows_written_per_hour(writes, table.schema, table.table), c.predicate_selectivity);
    w.repeats_unique = advice::repeated_unique_key(c, table.indexes);
    w.candidate = std::move(c);
    weighed.push_back(std::move(w));
  }
  const advice::Workload workload = workload_of(statements, writes.window_hours);
  HypotheticalWhatIf planner(statements, indexes);
  advice::SelectionLimits limits;
  limits.min_improvement_pct = min_improvement_pct;
  limits.budget_bytes = budget_bytes;
  limits.fast_statement_ms = settings.advice_min_ms;
  for (const advice::SelectedIndex& chosen : run_selection(weighed, workload, planner, limits)) {
    const TableInfo& table = catalog.table(chosen.evaluation.candidate.table_oid);
    const advice::WeighedCandidate* partner =
        chosen.paired_with < weighed.size() ? &weighed[chosen.paired_with] : nullptr;
    emit_advice(rsinfo, AdviceFacts{chosen, weighed[chosen.candidate], partner,
                                    rows_written_per_hour(writes, table.schema, table.table)},
                statements, table);
  }
  for (const IndexCandidate& c : unvalidated) {
    const TableInfo& table = catalog.table(c.table_oid);
    emit_unvalidated_advice(rsinfo, c, advice::estimate_index_bytes(c, table), statements, table);
  }
}

void check_threshold(double min_improvement_pct) {
  if (!(min_improvement_pct >= 0 && min_improvement_pct <= 100))
    pg_call([&] {
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("min_improvement_pct must be between 0 and 100, not %g", min_improvement_pct)));
    });
}

}  // namespace
}  // namespace insights::pg

using namespace insights;
using namespace insights::pg;

// Not STRICT: budget_bytes NULL means no budget.
INSIGHTS_SQL_FUNCTION(insights_index_advice) {
  if (PG_ARGISNULL(0))
    pg_call([] {
      ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("min_improvement_pct must not be NULL")));
    });
  const double min_improvement_pct = PG_GETARG_FLOAT8(0);
  check_threshold(min_improvement_pct);
  double budget_bytes = -1;
  if (!PG_ARGISNULL(1)) {
    const int64 budget = PG_GETARG_INT64(1);
    if (budget < 0)
      pg_call([&] {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("budget_bytes must not be negative, not " INT64_FORMAT, budget),
                        errhint("Pass NULL for no budget.")));
      });
    budget_bytes = static_cast<double>(budget);
  }
  std::vector<AdvisedStatement> statements = tracked_statements();
  const TrackedWrites writes = tracked_writes();
  std::vector<AdvisedStatement> plannable;
  for (AdvisedStatement& s : statements)
    if (prepare_tracked(s)) plannable.push_back(std::move(s));
  advise(fcinfo, std::move(plannable), min_improvement_pct, writes, budget_bytes);
  return static_cast<Datum>(0);
}

INSIGHTS_SQL_FUNCTION(insights_index_advice_for) {
  const char* query_text = text_to_cstring(PG_GETARG_TEXT_PP(0));
  const double min_improvement_pct = PG_GETARG_FLOAT8(1);
  // The caller's search_path, taken by the argument's default before the
  // function's own pinned search_path applies.
  const char* search_path = text_to_cstring(PG_GETARG_TEXT_PP(2));
  check_threshold(min_improvement_pct);
  // The caller's own statement, analyzed and planned as the caller inside
  // a security-restricted operation, with PostgreSQL's own errors for
  // text that does not parse, a missing table, a table the caller may not
  // read (as EXPLAIN), or something that is not one plannable statement.
  AdvisedStatement s;
  s.calls = 1;
  s.owner = pg_call([] { return GetUserId(); });
  s.search_path = search_path;
  s.constants_visible = true;
  if (ErrorData* e = as_owner(s.owner, s.search_path, [&] {
        s.analyzed = analyze_statement(query_text, nullptr);
        s.cost = plan_cost(s.analyzed);
      }))
    throw PgError(e);
  std::uint64_t fingerprint = 0;
  pgquery::ParseError error;
  if (pgquery::fingerprint(query_text, &fingerprint, &error)) s.fingerprint = format_fingerprint(fingerprint).data();
  std::vector<AdvisedStatement> one;
  one.push_back(std::move(s));
  // One statement without a measured time: the relative bars only.
  advise(fcinfo, std::move(one), min_improvement_pct, TrackedWrites{}, -1);
  return static_cast<Datum>(0);
}
