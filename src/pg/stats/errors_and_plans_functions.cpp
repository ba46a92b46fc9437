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
#include "access/htup_details.h"
#include "catalog/pg_authid.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/tuplestore.h"
}

namespace insights::pg {
namespace {

constexpr int kErrorColumns = 9;
constexpr int kPlanColumns = 13;

void add_error_row(ReturnSetInfo* rsinfo, const StatementErrorRow& e, bool sees_text) {
  Datum values[kErrorColumns];
  bool nulls[kErrorColumns];
  memset(nulls, 0, sizeof nulls);
  int i = 0;
  if (e.source == ErrorSource::kUnparsed)
    nulls[i++] = true;
  else
    values[i++] = CStringGetTextDatum(format_fingerprint(e.fingerprint).data());
  values[i++] = CStringGetTextDatum(unpack_sql_state(e.sqlstate));
  values[i++] = Int64GetDatum(e.errors);
  values[i++] = TimestampTzGetDatum(e.first_seen);
  values[i++] = TimestampTzGetDatum(e.last_seen);
  if (sees_text)
    values[i++] = CStringGetTextDatum(e.message);
  else
    nulls[i++] = true;
  values[i++] = ObjectIdGetDatum(e.userid);
  values[i++] = ObjectIdGetDatum(e.dbid);
  values[i++] = BoolGetDatum(e.source == ErrorSource::kQueryId);
  Assert(i == kErrorColumns);
  tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

void add_plan_row(ReturnSetInfo* rsinfo, const StatementPlanRow& p, bool sees_plan) {
  Datum values[kPlanColumns];
  bool nulls[kPlanColumns];
  memset(nulls, 0, sizeof nulls);
  int i = 0;
  values[i++] = CStringGetTextDatum(format_fingerprint(p.key.fingerprint).data());
  values[i++] = CStringGetTextDatum(format_fingerprint(p.plan_id).data());
  values[i++] = TimestampTzGetDatum(p.first_seen);
  values[i++] = TimestampTzGetDatum(p.last_seen);
  values[i++] = Int64GetDatum(p.calls);
  values[i++] = Float8GetDatum(p.calls > 0 ? p.total_ms / static_cast<double>(p.calls) : 0.0);
  values[i++] = Float8GetDatum(p.histogram.quantile(0.95, p.min_ms, p.max_ms));
  if (sees_plan)
    values[i++] = PointerGetDatum(cstring_to_text_with_len(p.text, static_cast<int>(p.text_length)));
  else
    nulls[i++] = true;
  values[i++] = ObjectIdGetDatum(p.key.userid);
  values[i++] = ObjectIdGetDatum(p.key.dbid);
  values[i++] = BoolGetDatum(p.key.toplevel);
  values[i++] = BoolGetDatum(p.text_truncated);
  values[i++] = Int64GetDatum(p.census_calls);
  Assert(i == kPlanColumns);
  tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
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
  TupleDesc desc;
  if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("return type must be a row type")));
  desc = BlessTupleDesc(desc);
  const ErrorStoreInfo errors = statement_errors_info();
  const PlanStoreInfo plans = statement_plans_info();
  Datum values[7];
  bool nulls[7] = {false, false, false, false, false, false, false};
  values[0] = Int32GetDatum(errors.entries);
  values[1] = Int32GetDatum(kMaxStatementErrors);
  values[2] = Int64GetDatum(errors.evictions);
  values[3] = Int32GetDatum(plans.entries);
  values[4] = Int32GetDatum(kMaxStatementPlans);
  values[5] = Int64GetDatum(plans.evictions);
  values[6] = Int64GetDatum(static_cast<int64>(statement_errors_shmem_size() + statement_plans_shmem_size()));
  PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
