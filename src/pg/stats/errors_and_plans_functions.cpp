// SQL functions over the errors and plans tables: the rows behind
// insights.statement_errors and insights.statement_plans, and
// insights.errors_and_plans_info(). Who sees what (README, "Security"):
// counters to everybody, as in insights.statements; an error's message to
// those who may read the statement's normalized text (its role,
// pg_read_all_stats, superusers); a plan's text, which holds the call's
// constants, only to its role and superusers.
#include "pg/compat.h"
#include "pg/sql_function.h"
#include "pg/stats/statement_errors.h"
#include "pg/stats/statement_plans.h"
#include "pg/stats/store.h"

extern "C" {
#include "catalog/pg_authid.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/elog.h"
}

namespace insights::pg {
namespace {

constexpr int kErrorColumns = 9;
constexpr int kPlanColumns = 13;
constexpr int kInfoColumns = 7;

void add_error_row(ReturnSetInfo* rsinfo, const StatementErrorRow& e, bool sees_text) {
  ResultRow<kErrorColumns> row;
  if (e.source == ErrorSource::kUnparsed)
    row.add_null();
  else
    row.add(CStringGetTextDatum(format_fingerprint(e.fingerprint).data()));
  row.add(CStringGetTextDatum(unpack_sql_state(e.sqlstate)))
      .add(Int64GetDatum(e.errors))
      .add(TimestampTzGetDatum(e.first_seen))
      .add(TimestampTzGetDatum(e.last_seen));
  if (sees_text)
    row.add(CStringGetTextDatum(e.message));
  else
    row.add_null();
  row.add(ObjectIdGetDatum(e.userid))
      .add(ObjectIdGetDatum(e.dbid))
      .add(BoolGetDatum(e.source == ErrorSource::kQueryId))
      .put(rsinfo);
}

void add_plan_row(ReturnSetInfo* rsinfo, const StatementPlanRow& p, bool sees_plan) {
  ResultRow<kPlanColumns> row;
  row.add(CStringGetTextDatum(format_fingerprint(p.key.fingerprint).data()))
      .add(CStringGetTextDatum(format_fingerprint(p.plan_id).data()))
      .add(TimestampTzGetDatum(p.first_seen))
      .add(TimestampTzGetDatum(p.last_seen))
      .add(Int64GetDatum(p.calls))
      .add(Float8GetDatum(p.calls > 0 ? p.total_ms / static_cast<double>(p.calls) : 0.0))
      .add(Float8GetDatum(p.histogram.quantile(0.95, p.min_ms, p.max_ms)));
  if (sees_plan)
    row.add(PointerGetDatum(cstring_to_text_with_len(p.text, static_cast<int>(p.text_length))));
  else
    row.add_null();
  row.add(ObjectIdGetDatum(p.key.userid))
      .add(ObjectIdGetDatum(p.key.dbid))
      .add(BoolGetDatum(p.key.toplevel))
      .add(BoolGetDatum(p.text_truncated))
      .add(Int64GetDatum(p.census_calls))
      .put(rsinfo);
}

}  // namespace
}  // namespace insights::pg

using namespace insights;
using namespace insights::pg;

INSIGHTS_SQL_FUNCTION(insights_statement_errors) {
  store_require();
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kErrorColumns);
  const Oid current_user = GetUserId();
  const bool sees_all = has_privs_of_role(current_user, ROLE_PG_READ_ALL_STATS);
  int count = 0;
  StatementErrorRow* rows = statement_errors_snapshot(&count);
  for (int k = 0; k < count; ++k) add_error_row(rsinfo, rows[k], sees_all || rows[k].userid == current_user);
  pfree(rows);
  return static_cast<Datum>(0);
}

INSIGHTS_SQL_FUNCTION(insights_statement_plans) {
  store_require();
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kPlanColumns);
  const Oid current_user = GetUserId();
  const bool sees_all = superuser();
  int count = 0;
  StatementPlanRow* rows = statement_plans_snapshot(&count);
  for (int k = 0; k < count; ++k) add_plan_row(rsinfo, rows[k], sees_all || rows[k].key.userid == current_user);
  pfree(rows);
  return static_cast<Datum>(0);
}

INSIGHTS_SQL_FUNCTION(insights_errors_and_plans_info) {
  store_require();
  TupleDesc desc = begin_row(fcinfo, kInfoColumns);
  const ErrorStoreInfo errors = statement_errors_info();
  const PlanStoreInfo plans = statement_plans_info();
  ResultRow<kInfoColumns> row;
  row.add(Int32GetDatum(errors.entries))
      .add(Int32GetDatum(kMaxStatementErrors))
      .add(Int64GetDatum(errors.evictions))
      .add(Int32GetDatum(plans.entries))
      .add(Int32GetDatum(kMaxStatementPlans))
      .add(Int64GetDatum(plans.evictions))
      .add(Int64GetDatum(static_cast<int64>(statement_errors_shmem_size() + statement_plans_shmem_size())));
  PG_RETURN_DATUM(row.tuple(desc));
}
