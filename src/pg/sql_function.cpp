#include "pg/sql_function.h"

extern "C" {
#include "funcapi.h"
}

namespace insights::pg {
namespace {

void require_columns(int installed, int columns) {
  if (installed != columns)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("pg_insights: the installed SQL definition of this function returns %d columns, "
                           "the library %d",
                           installed, columns),
                    errhint("Update the extension to the library's version (ALTER EXTENSION pg_insights UPDATE), "
                            "or install the matching library.")));
}

}  // namespace

ReturnSetInfo* begin_rows(FunctionCallInfo fcinfo, int columns) {
  InitMaterializedSRF(fcinfo, 0);
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  require_columns(rsinfo->setDesc->natts, columns);
  return rsinfo;
}

TupleDesc begin_row(FunctionCallInfo fcinfo, int columns) {
  TupleDesc desc;
  if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("return type must be a row type")));
  require_columns(desc->natts, columns);
  return BlessTupleDesc(desc);
}

}  // namespace insights::pg
