#include "pg/stats/sample_capture.h"

#include "core/stats/statement_sample.h"
#include "pg/settings.h"
#include "pg/stats/function_variables.h"
#include "pg/stats/store.h"

extern "C" {
#include "catalog/namespace.h"
#include "common/pg_prng.h"
#include "utils/lsyscache.h"
}

namespace insights::pg {

bool wants_sample(double ms) {
  return ms >= settings.advice_min_ms ||
         (settings.advice_sample_rate > 0 && pg_prng_double(&pg_global_prng_state) < settings.advice_sample_rate);
}

void keep_sample(const StatementKey& key, const SampleSource& source) {
  const char* statement = source.source_text + source.location;
  int length = source.length;
  ParamListInfo params = source.params;
  SampleParamView* views = nullptr;
  int param_count = 0;
  SampleWithVariables rewritten;
  if (source.nested && params != nullptr &&
      sample_with_variables(source.query_id, source.source_text, source.location, source.length, params, &rewritten)) {
    statement = rewritten.statement;
    length = rewritten.length;
    views = rewritten.params;
    param_count = rewritten.param_count;
  } else if (params != nullptr && params->paramFetch != nullptr) {
    // Parameters only the running function can resolve: nothing to re-plan with.
    if (source.nested) return;
  } else if (params != nullptr) {
    // A prepared statement's values (or a function's, referenced as $n).
    param_count = params->numParams;
    views = param_count > 0 ? static_cast<SampleParamView*>(palloc(sizeof(SampleParamView) * param_count)) : nullptr;
    for (int i = 0; i < param_count; ++i) {
      const ParamExternData& p = params->params[i];
      views[i].type_oid = p.ptype;
      views[i].value = nullptr;
      if (!p.isnull && OidIsValid(p.ptype)) {
        Oid output;
        bool varlena;
        getTypeOutputInfo(p.ptype, &output, &varlena);
        views[i].value = OidOutputFunctionCall(output, p.value);
      }
    }
  }
  // Room for the statement and modest parameter values; a sample that does
  // not fit is not kept (the statement's text alone would plan generically,
  // but its constants are what partial-index advice needs).
  const std::size_t capacity = static_cast<std::size_t>(length) + 1024;
  const std::size_t path_length = strlen(namespace_search_path);
  char* buffer = static_cast<char*>(palloc(capacity + path_length));
  // The search_path the statement's names were resolved with: re-planning
  // must resolve them the same way (run_as_owner.h).
  const std::size_t size = encode_sample(buffer, capacity + path_length, std::string_view(namespace_search_path, path_length),
                                         std::string_view(statement, length), views, param_count);
  if (size > 0) store_set_sample(key, buffer, size, source.literal_hash);
  pfree(buffer);
  if (views != nullptr) pfree(views);
  if (statement != source.source_text + source.location) pfree(const_cast<char*>(statement));
}

}  // namespace insights::pg
