// Every area of shared memory pg_insights allocates, in one list: its name
// (as pg_shmem_allocations shows the named part), its bytes at the current
// settings and the setting it grows with. shmem_request asks PostgreSQL for
// the list's total at once, so the list cannot leave an area out without
// the server running out of the memory it did not ask for; the total asked
// for is remembered and insights.shared_memory() / store_info() show both
// (the regress test sql/shared_memory.sql checks they agree, and that every
// "pg_insights …" allocation of pg_shmem_allocations is listed).
//
// The LWLocks (one per tranche) are not in it: PostgreSQL allocates them in
// its own lock array (RequestNamedLWLockTranche).
#pragma once

#include <cstddef>

namespace insights::pg {

struct SharedMemoryArea {
  const char* name;        // the ShmemInitStruct / ShmemInitHash name
  std::size_t bytes;       // a hash table's: hash_estimate_size(), its entries included
  const char* grows_with;  // the setting it is proportional to; nullptr: fixed
};

inline constexpr int kMaxSharedMemoryAreas = 16;

struct SharedMemoryAreas {
  SharedMemoryArea area[kMaxSharedMemoryAreas];
  int count;

  void add(const char* name, std::size_t bytes, const char* grows_with);
  std::size_t total() const;
};

// The areas at the current settings (insights.max_statements and
// insights.history_max_rows are PGC_POSTMASTER: the same as at start-up).
SharedMemoryAreas shared_memory_areas();

// From shmem_request: asks for every area's memory, and remembers the total.
void request_shared_memory();

// The total request_shared_memory() asked for (0 without preloading).
// Remembered in the postmaster before any backend is forked.
std::size_t shared_memory_requested();

}  // namespace insights::pg
