// The server's query id → the statement's fingerprint, in shared memory, so
// that the activity sampler can tell which tracked statement a backend is
// running from its PgBackendStatus.st_query_id (the wait profile per
// statement). Written where a backend learns a fingerprint (its fingerprint
// cache misses: once per distinct statement per backend), read by the
// sampler. Bounded and lossy: a full set replaces an entry. Lock rules are
// at the top of queryid_map.cpp.
#pragma once

#include <cstdint>

#include "core/stats/statement_key.h"

namespace insights::pg {

struct SharedMemoryAreas;

// Its area (shared_memory.h; no lock of its own to request) and its set-up.
void queryid_map_shmem_areas(SharedMemoryAreas* areas);
void queryid_map_startup_shmem();

// Notes that query_id (non-zero) is the statement with this fingerprint.
// No allocation, no error: a spinlock and a few copies.
void queryid_map_publish(std::uint64_t query_id, std::uint64_t fingerprint, FingerprintSource source);

// The fingerprint noted for query_id; false when none is (never published,
// or replaced since).
bool queryid_map_lookup(std::uint64_t query_id, std::uint64_t* fingerprint, FingerprintSource* source);

// Its shared memory (for store_info()'s history_shmem_bytes).
long queryid_map_bytes();

}  // namespace insights::pg
