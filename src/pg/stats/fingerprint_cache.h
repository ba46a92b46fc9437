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

}  // namespace insights::pg
