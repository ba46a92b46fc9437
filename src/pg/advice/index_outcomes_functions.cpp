// insights.noted_indexes(): the current database's indexes created since
// the server started (index_outcomes.h), for insights.advice_outcomes().
// Catalog facts only (names, as this database's pg_class shows them to
// everybody); another database's names mean nothing here and are not shown.
#include "pg/advice/index_outcomes.h"
#include "pg/sql_function.h"

extern "C" {
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
}

using namespace insights;
using namespace insights::pg;

namespace {
constexpr int kNotedColumns = 10;
}

INSIGHTS_SQL_FUNCTION(insights_noted_indexes) {
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kNotedColumns);
  int count = 0;
  NotedIndex* rows = noted_indexes_snapshot(&count);
  for (int k = 0; k < count; ++k) {
    const NotedIndex& e = rows[k];
    if (e.database_oid != MyDatabaseId) continue;
    ResultRow<kNotedColumns>()
        .add(ObjectIdGetDatum(e.index_oid))
        .add(ObjectIdGetDatum(e.database_oid))
        .add(ObjectIdGetDatum(e.table_oid))
        .add(CStringGetTextDatum(e.index_name))
        .add(CStringGetTextDatum(e.schema_name))
        .add(CStringGetTextDatum(e.table_name))
        .add(CStringGetTextDatum(e.access_method))
        .add(CStringGetTextDatum(e.key_columns))
        .add(BoolGetDatum(e.partial))
        .add(TimestampTzGetDatum(e.created_at))
        .put(rsinfo);
  }
  pfree(rows);
  return static_cast<Datum>(0);
}
