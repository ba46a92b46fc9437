// The statement history and wait profile in shared memory: a ring of
// history rows (one statement's deltas in one time bucket, core/stats/
// history.h) and a bounded table of wait-event samples per statement. Both
// are written by the activity sampler only (history_sampler.h) and read by
// the SQL functions. Lock rules are at the top of history.cpp.
#pragma once

#include "pg/compat.h"

extern "C" {
#include "utils/timestamp.h"
}

#include <type_traits>

#include "core/stats/history.h"
#include "core/stats/statement_key.h"

namespace insights::pg {

struct HistoryRow {
  StatementKey key;
  TimestampTz bucket_start;
  std::int64_t bucket_usecs;  // its length (insights.history_interval then)
  HistoryDelta delta;
};
static_assert(std::is_trivially_copyable_v<HistoryRow>);

// One running backend the sampler attributed to a statement. The key's
// userid is the backend's session user and toplevel is true: st_query_id
// is the top-level statement's.
struct WaitObservation {
  StatementKey key;
  std::uint32_t wait_event_info;  // 0: on CPU
  std::uint32_t samples;          // times seen so
};

struct WaitSamples {
  StatementKey key;
  std::uint32_t wait_event_info;
  std::int64_t samples;
};

struct SharedMemoryAreas;

// Its areas (shared_memory.h), its lock, their set-up (the query id map's
// too).
void history_shmem_areas(SharedMemoryAreas* areas);
void history_request_shmem();
void history_startup_shmem();

// Appends rows to the ring (the oldest are overwritten when it is full).
void history_append(const HistoryRow* rows, int n);
// Adds one sample's observations to the wait table.
void waits_record(const WaitObservation* observations, int n);

// Copies (palloc'd) the rows whose bucket ends after since, of one
// fingerprint (all when all_fingerprints). *n is their count.
HistoryRow* history_copy(bool all_fingerprints, std::uint64_t fingerprint, TimestampTz since, int* n);
WaitSamples* waits_copy(int* n);

void history_reset_all();
void history_reset_fingerprint(std::uint64_t fingerprint);

struct HistoryInfo {
  long capacity;         // rows
  long used;             // rows held
  TimestampTz oldest;    // the oldest bucket held (0: none)
  long wait_entries;     // (statement, wait event) pairs held
  long wait_capacity;
  double bytes;          // shared memory of the ring, the wait table and the query id map
};
HistoryInfo history_info();

}  // namespace insights::pg
