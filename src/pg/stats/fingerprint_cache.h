// Backend-local cache from the server's query id to the statement's
// fingerprint, so libpg_query (~10-20 µs a call) runs once per distinct
// statement per backend instead of once per execution.
#pragma once

#include <cstdint>

#include "core/stats/statement_key.h"

namespace insights::pg {

struct CachedFingerprint {
  std::uint64_t fingerprint;
  FingerprintSource source;
};

bool fingerprint_cache_lookup(std::uint64_t query_id, CachedFingerprint* out);
void fingerprint_cache_store(std::uint64_t query_id, CachedFingerprint value);

// The plan census (pg/advice/plan_census.h): the census generation the
// statement was last counted in, 0 for never (a statement entering the
// cache). False when the statement is not in the cache.
bool fingerprint_cache_census(std::uint64_t query_id, std::uint32_t* generation);
void fingerprint_cache_set_census(std::uint64_t query_id, std::uint32_t generation);

}  // namespace insights::pg
