// insights.noted_indexes(): the current database's indexes created since
// the server started (index_outcomes.h), for insights.advice_outcomes().
// Catalog facts only (names, as this database's pg_class shows them to
// everybody); another database's names mean nothing here and are not shown.
#include "pg/advice/index_outcomes.h"
#include "pg/sql_function.h"

extern "C" {
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"
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
    Datum values[kNotedColumns];
    bool nulls[kNotedColumns];
    memset(nulls, 0, sizeof nulls);
    values[0] = ObjectIdGetDatum(e.index_oid);
    values[1] = ObjectIdGetDatum(e.database_oid);
    values[2] = ObjectIdGetDatum(e.table_oid);
    values[3] = CStringGetTextDatum(e.index_name);
    values[4] = CStringGetTextDatum(e.schema_name);
    values[5] = CStringGetTextDatum(e.table_name);
    values[6] = CStringGetTextDatum(e.access_method);
    values[7] = CStringGetTextDatum(e.key_columns);
    values[8] = BoolGetDatum(e.partial);
    values[9] = TimestampTzGetDatum(e.created_at);
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
  }
  pfree(rows);
  return static_cast<Datum>(0);
}
