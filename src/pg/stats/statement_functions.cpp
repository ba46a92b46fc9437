// SQL functions over the statement store and libpg_query:
// insights.fingerprint(), insights.normalize(), the rows behind the
// insights.statements view, insights.reset() and insights.store_info().
#include "pg/compat.h"
#include "pg/settings.h"
#include "pg/shared_memory.h"
#include "pg/sql_function.h"
#include "pg/stats/statement_errors.h"
#include "pg/stats/statement_plans.h"
#include "pg/stats/history.h"
#include "pg/stats/store.h"
#include "pgquery/pgquery.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_authid.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

#include <algorithm>
#include <optional>
#include <cstdlib>

namespace insights::pg {
namespace {

[[noreturn]] void parse_failed(const pgquery::ParseError& error) {
  if (error.too_long)
    ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED), errmsg("%s", error.message),
                    errdetail("Texts longer than %zu bytes are not parsed: libpg_query would need too much memory.",
                              pgquery::kMaxParsedBytes)));
  // libpg_query stops at a limit derived from max_stack_depth (pgquery.h).
  if (error.too_deep)
    ereport(ERROR, (errcode(ERRCODE_STATEMENT_TOO_COMPLEX), errmsg("%s", error.message),
                    errhint("pg_insights lets libpg_query use a few times \"max_stack_depth\" (currently %dkB).",
                            max_stack_depth)));
  ereport(ERROR, (errcode(ERRCODE_SYNTAX_ERROR), errmsg("pg_insights: could not parse query: %s", error.message),
                  error.cursor_position > 0 ? errdetail("The error is at character %d of the given text.",
                                                        error.cursor_position)
                                            : 0));
  pg_unreachable();
}

struct StatementRows {
  ReturnSetInfo* rsinfo;
  Oid current_user;
  bool sees_all_texts;
};

constexpr int kStatementColumns = 67;

void add_statement_row(const EntrySnapshot& s, void* arg) {
  auto* out = static_cast<StatementRows*>(arg);
  Datum values[kStatementColumns];
  bool nulls[kStatementColumns];
  memset(nulls, 0, sizeof nulls);
  const StatementCounters& c = s.counters;
  const FingerprintText hex = format_fingerprint(s.key.fingerprint);
  int i = 0;
  values[i++] = CStringGetTextDatum(hex.data());
  values[i++] = ObjectIdGetDatum(s.key.userid);
  values[i++] = ObjectIdGetDatum(s.key.dbid);
  values[i++] = BoolGetDatum(s.key.toplevel);
  if (out->sees_all_texts || s.key.userid == out->current_user) {
    if (s.text != nullptr)
      values[i++] = PointerGetDatum(cstring_to_text_with_len(s.text, static_cast<int>(s.text_length)));
    else
      nulls[i++] = true;
  } else {
    values[i++] = CStringGetTextDatum("<insufficient privilege>");
  }
  values[i++] = Int64GetDatum(c.calls);
  values[i++] = Int64GetDatum(c.rows);
  values[i++] = Float8GetDatum(c.total_ms);
  values[i++] = Float8GetDatum(c.min_ms);
  values[i++] = Float8GetDatum(c.max_ms);
  values[i++] = Float8GetDatum(c.mean_ms);
  values[i++] = Float8GetDatum(c.stddev_ms());
  values[i++] = Float8GetDatum(c.quantile_ms(0.50));
  values[i++] = Float8GetDatum(c.quantile_ms(0.95));
  values[i++] = Float8GetDatum(c.quantile_ms(0.99));
  values[i++] = Int64GetDatum(c.slow_calls);
  const BlockUsage& b = c.blocks;
  values[i++] = Int64GetDatum(b.shared_blks_hit);
  values[i++] = Int64GetDatum(b.shared_blks_read);
  values[i++] = Int64GetDatum(b.temp_blks_written);
  values[i++] = TimestampTzGetDatum(c.first_seen);
  values[i++] = TimestampTzGetDatum(c.last_seen);
  values[i++] = BoolGetDatum(s.key.source == FingerprintSource::kQueryId);
  values[i++] = BoolGetDatum(s.text_truncated);
  values[i++] = Int64GetDatum(c.repeated_transactions);
  values[i++] = Int64GetDatum(c.repeats_max);
  if (c.repeated_transactions > 0)
    values[i++] = Float8GetDatum(static_cast<double>(c.repeats_sum) / static_cast<double>(c.repeated_transactions));
  else
    nulls[i++] = true;
  // An estimate: never more texts than calls.
  values[i++] = Int64GetDatum(std::min<int64>(static_cast<int64>(c.literal_texts.estimate() + 0.5), c.calls));
  values[i++] = Int64GetDatum(c.cancelled);
  values[i++] = Float8GetDatum(c.cancelled_ms);
  // pg_stat_statements' columns, with its names.
  values[i++] = Int64GetDatum(c.plans);
  values[i++] = Float8GetDatum(c.total_plan_time);
  values[i++] = Float8GetDatum(c.min_plan_time);
  values[i++] = Float8GetDatum(c.max_plan_time);
  values[i++] = Float8GetDatum(c.mean_plan_time);
  values[i++] = Float8GetDatum(c.stddev_plan_time());
  values[i++] = Int64GetDatum(b.shared_blks_dirtied);
  values[i++] = Int64GetDatum(b.shared_blks_written);
  values[i++] = Int64GetDatum(b.local_blks_hit);
  values[i++] = Int64GetDatum(b.local_blks_read);
  values[i++] = Int64GetDatum(b.local_blks_dirtied);
  values[i++] = Int64GetDatum(b.local_blks_written);
  values[i++] = Int64GetDatum(b.temp_blks_read);
  // blk_read_time/blk_write_time: 1.10's names, shared and local blocks
  // together on every server; the split only where the server makes it.
  values[i++] = Float8GetDatum(b.shared_blk_read_time + b.local_blk_read_time);
  values[i++] = Float8GetDatum(b.shared_blk_write_time + b.local_blk_write_time);
  const double split_times[] = {b.shared_blk_read_time, b.shared_blk_write_time, b.local_blk_read_time,
                                b.local_blk_write_time};
  for (double t : split_times) {
    if (COMPAT_HAS_LOCAL_BLK_TIME)
      values[i++] = Float8GetDatum(t);
    else
      nulls[i++] = true;
  }
  values[i++] = Float8GetDatum(b.temp_blk_read_time);
  values[i++] = Float8GetDatum(b.temp_blk_write_time);
  values[i++] = Int64GetDatum(b.wal_records);
  values[i++] = Int64GetDatum(b.wal_fpi);
  values[i++] = DirectFunctionCall1(int8_numeric, Int64GetDatum(b.wal_bytes));
  values[i++] = Int64GetDatum(c.jit_functions);
  values[i++] = Float8GetDatum(c.jit_generation_time);
  values[i++] = Int64GetDatum(c.jit_inlining_count);
  values[i++] = Float8GetDatum(c.jit_inlining_time);
  values[i++] = Int64GetDatum(c.jit_optimization_count);
  values[i++] = Float8GetDatum(c.jit_optimization_time);
  values[i++] = Int64GetDatum(c.jit_emission_count);
  values[i++] = Float8GetDatum(c.jit_emission_time);
  if (COMPAT_HAS_JIT_DEFORM) {
    values[i++] = Int64GetDatum(c.jit_deform_count);
    values[i++] = Float8GetDatum(c.jit_deform_time);
  } else {
    nulls[i++] = true;
    nulls[i++] = true;
  }
  values[i++] = Float8GetDatum(c.cpu_user_time);
  values[i++] = Float8GetDatum(c.cpu_system_time);
  // The entry counts from its first call (a reset removes entries).
  values[i++] = TimestampTzGetDatum(c.first_seen);
  values[i++] = TimestampTzGetDatum(c.minmax_stats_since != 0 ? c.minmax_stats_since : c.first_seen);
  Assert(i == kStatementColumns);
  tuplestore_putvalues(out->rsinfo->setResult, out->rsinfo->setDesc, values, nulls);
}

}  // namespace
}  // namespace insights::pg

using namespace insights;
using namespace insights::pg;

INSIGHTS_SQL_FUNCTION(insights_fingerprint) {
  char* sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
  pgquery::ParseError error;
  std::uint64_t fingerprint = 0;
  if (!pgquery::fingerprint(sql, &fingerprint, &error)) parse_failed(error);
  PG_RETURN_TEXT_P(cstring_to_text(format_fingerprint(fingerprint).data()));
}

INSIGHTS_SQL_FUNCTION(insights_normalize) {
  char* sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
  pgquery::ParseError error;
  char* normalized = pgquery::normalize(sql, &error);
  if (normalized == nullptr) parse_failed(error);
  text* result = cstring_to_text(normalized);
  std::free(normalized);
  PG_RETURN_TEXT_P(result);
}

INSIGHTS_SQL_FUNCTION(insights_statements) {
  store_require();
  StatementRows rows{begin_rows(fcinfo, kStatementColumns), GetUserId(),
                     has_privs_of_role(GetUserId(), ROLE_PG_READ_ALL_STATS)};
  store_scan(add_statement_row, &rows);
  return static_cast<Datum>(0);
}

INSIGHTS_SQL_FUNCTION(insights_reset) {
  store_reset_all();
  statement_errors_reset(true, 0);
  statement_plans_reset(true, 0);
  history_reset_all();
  PG_RETURN_VOID();
}

INSIGHTS_SQL_FUNCTION(insights_reset_fingerprint) {
  char* hex = text_to_cstring(PG_GETARG_TEXT_PP(0));
  const auto fingerprint = parse_fingerprint(hex);
  if (!fingerprint)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid fingerprint \"%s\"", hex),
                    errdetail("A fingerprint is 16 hexadecimal digits, as shown by insights.statements.")));
  statement_errors_reset(false, *fingerprint);
  statement_plans_reset(false, *fingerprint);
  history_reset_fingerprint(*fingerprint);
  PG_RETURN_INT64(store_reset_fingerprint(*fingerprint));
}

// reset_minmax(fingerprint): pg_stat_statements_reset(..., minmax_only).
INSIGHTS_SQL_FUNCTION(insights_reset_minmax) {
  std::optional<std::uint64_t> fingerprint;
  if (!PG_ARGISNULL(0)) {
    char* hex = text_to_cstring(PG_GETARG_TEXT_PP(0));
    fingerprint = parse_fingerprint(hex);
    if (!fingerprint)
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid fingerprint \"%s\"", hex),
                      errdetail("A fingerprint is 16 hexadecimal digits, as shown by insights.statements.")));
  }
  PG_RETURN_TIMESTAMPTZ(store_reset_minmax(fingerprint ? &*fingerprint : nullptr));
}

INSIGHTS_SQL_FUNCTION(insights_store_info) {
  store_require();
  constexpr int kColumns = 11;
  TupleDesc desc = begin_row(fcinfo, kColumns);
  // The history (history.h): its capacity, the rows held and the oldest
  // bucket among them (how far back it reaches), its shared memory.
  const HistoryInfo history = history_info();
  ResultRow<kColumns> row;
  row.add(TimestampTzGetDatum(store_stats_since()))
      .add(Int32GetDatum(settings.max_statements))
      .add(Int64GetDatum(store_evictions()))
      .add(Float8GetDatum(store_bytes_per_entry()))
      .add(Int64GetDatum(history.capacity))
      .add(Int64GetDatum(history.used));
  if (history.used > 0)
    row.add(TimestampTzGetDatum(history.oldest));
  else
    row.add_null();
  row.add(Int64GetDatum(history.wait_entries))
      .add(Float8GetDatum(history.bytes))
      // Every area's shared memory, as asked for at start-up (shared_memory.h).
      .add(Int64GetDatum(static_cast<int64>(shared_memory_requested())))
      .add(Int64GetDatum(store_pending_entries()));
  PG_RETURN_DATUM(row.tuple(desc));
}
