// Keeping an execution as its statement's sample for index advice
// (statement_sample.h): its text with the constants it ran with, its
// parameter values and the search_path its names were resolved with.
#pragma once

#include <cstdint>

#include "core/stats/statement_key.h"
#include "pg/compat.h"

extern "C" {
#include "nodes/params.h"
}

namespace insights::pg {

// Whether an execution this long (or this one, by chance) should be kept.
bool wants_sample(double ms);

struct SampleSource {
  const char* source_text;
  int location;  // the statement in source_text, as CleanQuerytext found it
  int length;
  std::uint64_t query_id;
  ParamListInfo params;  // the executor's, may be nullptr
  std::uint64_t literal_hash;
  bool nested;  // run inside a function: its variables become parameters
};

// Keeps the execution as the entry's sample, when it has room for one. A
// statement inside a function whose variable references are unknown
// (function_variables.h) keeps none: it would not re-plan.
void keep_sample(const StatementKey& key, const SampleSource& source);

}  // namespace insights::pg
