#include "fingerprint_cache.h"

#include "compat.h"

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
};

HTAB* cache = nullptr;

void create_cache() {
  HASHCTL info{};
  info.keysize = sizeof(std::uint64_t);
  info.entrysize = sizeof(CacheEntry);
  info.hcxt = TopMemoryContext;
  cache = hash_create("pg_insights fingerprint cache", 1024, &info, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

}  // namespace

bool fingerprint_cache_lookup(std::uint64_t query_id, CachedFingerprint* out) {
  if (cache == nullptr) return false;
  auto* e = static_cast<CacheEntry*>(hash_search(cache, &query_id, HASH_FIND, nullptr));
  if (e == nullptr) return false;
  *out = e->value;
  return true;
}

void fingerprint_cache_store(std::uint64_t query_id, CachedFingerprint value) {
  if (cache != nullptr && hash_get_num_entries(cache) >= kMaxEntries) {
    hash_destroy(cache);
    cache = nullptr;
  }
  if (cache == nullptr) create_cache();
  bool found = false;
  auto* e = static_cast<CacheEntry*>(hash_search(cache, &query_id, HASH_ENTER, &found));
  e->value = value;
}

}  // namespace insights::pg
