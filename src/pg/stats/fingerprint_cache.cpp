#include "pg/stats/fingerprint_cache.h"

#include "pg/compat.h"
#include "pg/stats/queryid_map.h"

extern "C" {
#include "utils/hsearch.h"
#include "utils/memutils.h"
}

namespace insights::pg {
namespace {

// Bounded: a workload of ad-hoc utility statements (each with its own query
// id) must not grow a backend without limit. When full the cache is simply
// dropped; refilling costs one libpg_query call per statement.
constexpr long kMaxEntries = 16384;

struct CacheEntry {
  std::uint64_t query_id;  // hash key
  CachedFingerprint value;
  std::uint32_t census;  // fingerprint_cache_census()
};

HTAB* cache = nullptr;

using FrontSlot = FingerprintFrontSlot;
static_assert(sizeof(FrontSlot) == 24);
FrontSlot& front_slot(std::uint64_t query_id) { return fingerprint_front_slot(query_id); }

// The last key the cache missed, while nothing has been stored since: a
// statement new to the backend is asked for twice (parse analysis, then
// the executor hook), and the second answer is known without a hash-table
// look-up. 0: none.
std::uint64_t known_missing = 0;

// The hash table's entry for query_id, nullptr when there is none.
CacheEntry* find_entry(std::uint64_t query_id) {
  return cache != nullptr ? static_cast<CacheEntry*>(hash_search(cache, &query_id, HASH_FIND, nullptr)) : nullptr;
}

void create_cache() {
  HASHCTL info{};
  info.keysize = sizeof(std::uint64_t);
  info.entrysize = sizeof(CacheEntry);
  info.hcxt = TopMemoryContext;
  cache = hash_create("pg_insights fingerprint cache", 1024, &info, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

}  // namespace

FingerprintFrontSlot fingerprint_front[kFingerprintFrontSlots];

bool fingerprint_cache_lookup(std::uint64_t query_id, CachedFingerprint* out) {
  FrontSlot& slot = front_slot(query_id);
  if (slot.query_id == query_id && query_id != 0) {
    *out = CachedFingerprint{slot.fingerprint, slot.source};
    return true;
  }
  if (query_id == known_missing && query_id != 0) return false;
  const CacheEntry* e = find_entry(query_id);
  if (e == nullptr) {
    known_missing = query_id;
    return false;
  }
  slot = FrontSlot{query_id, e->value.fingerprint, e->value.source, e->census};
  *out = e->value;
  return true;
}

void fingerprint_cache_store(std::uint64_t query_id, CachedFingerprint value) {
  known_missing = 0;
  if (cache != nullptr && hash_get_num_entries(cache) >= kMaxEntries) {
    hash_destroy(cache);
    cache = nullptr;
    for (FrontSlot& slot : fingerprint_front) slot.query_id = 0;
  }
  if (cache == nullptr) create_cache();
  bool found = false;
  auto* e = static_cast<CacheEntry*>(hash_search(cache, &query_id, HASH_ENTER, &found));
  e->value = value;
  if (!found) e->census = 0;
  front_slot(query_id) = FrontSlot{query_id, value.fingerprint, value.source, e->census};
  // For the wait profile. Without a query id the key is a hash of the text,
  // which no backend reports as its st_query_id (then 0): never looked up.
  queryid_map_publish(query_id, value.fingerprint, value.source);
}

bool fingerprint_cache_census(std::uint64_t query_id, std::uint32_t* generation) {
  const FrontSlot& slot = front_slot(query_id);
  if (slot.query_id == query_id && query_id != 0) {
    *generation = slot.census;
    return true;
  }
  const CacheEntry* e = find_entry(query_id);
  if (e == nullptr) return false;
  *generation = e->census;
  return true;
}

void fingerprint_cache_set_census(std::uint64_t query_id, std::uint32_t generation) {
  CacheEntry* e = find_entry(query_id);
  if (e == nullptr) return;
  e->census = generation;
  FrontSlot& slot = front_slot(query_id);
  if (slot.query_id == query_id) slot.census = generation;
}

}  // namespace insights::pg
