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

// In front of the hash table, a direct-mapped array: the executor hook
// finds a hot statement with one index and one compare instead of a
// dynahash lookup. A slot collision only falls back to the hash table.
// Here, not in the .cpp, for the census's inline compare below. The fields
// are flat so that the census generation fits in the padding after the
// source: 24 bytes a slot.
struct FingerprintFrontSlot {
  std::uint64_t query_id;  // 0 = empty (a key of 0 always takes the hash-table path)
  std::uint64_t fingerprint;
  FingerprintSource source;
  std::uint32_t census;  // the plan census generation it was last counted in; 0: never
};
inline constexpr std::uint64_t kFingerprintFrontSlots = 1024;  // a power of two
extern FingerprintFrontSlot fingerprint_front[kFingerprintFrontSlots];

inline FingerprintFrontSlot& fingerprint_front_slot(std::uint64_t query_id) {
  return fingerprint_front[(query_id ^ (query_id >> 29)) & (kFingerprintFrontSlots - 1)];
}

// The plan census (pg/advice/plan_census.h). Whether the statement that
// just ran is counted in `generation` already: its front slot (record()'s
// look-up put it there) says so. False too when it is not in the front
// slot: fingerprint_cache_census() then tells.
inline bool fingerprint_census_current(std::uint64_t query_id, std::uint32_t generation) {
  const FingerprintFrontSlot& slot = fingerprint_front_slot(query_id);
  return slot.census == generation && slot.query_id == query_id;
}

// The census generation the statement was last counted in, 0 for never (a
// statement entering the cache). False when the statement is not in the
// cache.
bool fingerprint_cache_census(std::uint64_t query_id, std::uint32_t* generation);
void fingerprint_cache_set_census(std::uint64_t query_id, std::uint32_t generation);

}  // namespace insights::pg
