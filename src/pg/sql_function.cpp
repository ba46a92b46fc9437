#include "pg/sql_function.h"

extern "C" {
#include "funcapi.h"
}

namespace insights::pg {

ReturnSetInfo* begin_rows(FunctionCallInfo fcinfo, int columns) {
  InitMaterializedSRF(fcinfo, 0);
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  if (rsinfo->setDesc->natts != columns)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("pg_insights: the installed SQL definition of this function returns %d columns, "
                           "the library %d",
                           rsinfo->setDesc->natts, columns),
                    errhint("Update the extension to the library's version (ALTER EXTENSION pg_insights UPDATE), "
                            "or install the matching library.")));
  return rsinfo;
}

}  // namespace insights::pg
