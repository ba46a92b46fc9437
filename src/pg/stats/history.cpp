// The statement history ring and the wait table.
//
// Lock rules: state->lock (an LWLock of its own tranche) guards the ring
// (rows, next) and the wait table. The sampler takes it exclusively once per
// sample (to fold that sample's wait observations in) and once per bucket
// change (to append the closed bucket's rows); SQL functions take it shared
// and copy out, and reset() exclusively. No statement execution takes it:
// the hot path never sees this lock. Under it: copies, dynahash look-ups in
// a table of fixed size (no allocation: HASH_ENTER_NULL in shared memory),
// and palloc by readers only (released at abort like any LWLock).
#include "pg/stats/history.h"

#include "core/stats/eviction.h"
#include "pg/settings.h"
#include "pg/shared_memory.h"
#include "pg/stats/queryid_map.h"

extern "C" {
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/hsearch.h"
}

#include <algorithm>
#include <cstring>

namespace insights::pg {
namespace {

struct WaitKey {
  StatementKey key;
  std::uint32_t wait_event_info;
  std::uint32_t padding;  // zeroed: the key is hashed as bytes
};
static_assert(sizeof(WaitKey) == 32);

struct WaitEntry {
  WaitKey key;  // hash key: first
  std::int64_t samples;
};
static_assert(std::is_trivially_copyable_v<WaitEntry>);

struct HistoryState {
  LWLock* lock;
  long capacity;  // rows; constant
  long next;      // rows ever appended since the last reset; row i is at i % capacity
};

HistoryState* state = nullptr;
HistoryRow* rows = nullptr;
HTAB* waits = nullptr;
constexpr const char* kTrancheName = "pg_insights history";

long wait_capacity() { return static_cast<long>(settings.max_statements) * 4; }

// The shared memory areas' names (pg_shmem_allocations, shared_memory.h)
// and sizes.
constexpr const char* kStateName = "pg_insights history";
constexpr const char* kRowsName = "pg_insights history rows";
constexpr const char* kWaitsName = "pg_insights statement waits";
Size rows_bytes() { return mul_size(sizeof(HistoryRow), static_cast<Size>(settings.history_max_rows)); }
Size waits_bytes() { return hash_estimate_size(wait_capacity(), sizeof(WaitEntry)); }

WaitKey wait_key(const StatementKey& key, std::uint32_t info) {
  WaitKey k;
  std::memset(&k, 0, sizeof k);
  k.key = key;
  k.wait_event_info = info;
  return k;
}

// Drops the least sampled 5% of the wait table (eviction.h). Exclusive lock
// held; the candidate array is the sampler's, allocated before the lock.
void evict_waits(EvictionCandidate* candidates, WaitEntry** entries) {
  long i = 0;
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, waits);
  while (auto* e = static_cast<WaitEntry*>(hash_seq_search(&scan))) {
    candidates[i] = EvictionCandidate{static_cast<double>(e->samples), static_cast<std::uint32_t>(i)};
    entries[i++] = e;
  }
  const EvictionRound round = choose_victims(candidates, static_cast<std::size_t>(i));
  for (std::size_t v = 0; v < round.victims; ++v)
    hash_search(waits, &entries[candidates[v].slot]->key, HASH_REMOVE, nullptr);
}

}  // namespace

void history_shmem_areas(SharedMemoryAreas* areas) {
  areas->add(kStateName, MAXALIGN(sizeof(HistoryState)), nullptr);
  areas->add(kRowsName, rows_bytes(), "insights.history_max_rows");
  areas->add(kWaitsName, waits_bytes(), "insights.max_statements");
}

void history_request_shmem() { RequestNamedLWLockTranche(kTrancheName, 1); }

void history_startup_shmem() {
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  state = static_cast<HistoryState*>(ShmemInitStruct(kStateName, sizeof(HistoryState), &found));
  if (!found) {
    state->lock = &(GetNamedLWLockTranche(kTrancheName))->lock;
    state->capacity = settings.history_max_rows;
    state->next = 0;
  }
  bool rows_found = false;
  rows = static_cast<HistoryRow*>(ShmemInitStruct(kRowsName, rows_bytes(), &rows_found));
  HASHCTL info;
  std::memset(&info, 0, sizeof info);
  info.keysize = sizeof(WaitKey);
  info.entrysize = sizeof(WaitEntry);
  waits = ShmemInitHash(kWaitsName, wait_capacity(), wait_capacity(), &info, HASH_ELEM | HASH_BLOBS);
  LWLockRelease(AddinShmemInitLock);
  queryid_map_startup_shmem();
}

void history_append(const HistoryRow* in, int n) {
  if (state == nullptr || state->capacity == 0 || n == 0) return;
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  for (int i = 0; i < n; ++i) rows[state->next++ % state->capacity] = in[i];
  LWLockRelease(state->lock);
}

void waits_record(const WaitObservation* observations, int n) {
  if (state == nullptr || n == 0) return;
  // For an eviction round, allocated before the lock (the sampler's
  // per-sample context): the table never holds more than wait_capacity().
  // Only the sampler adds entries, so the count read here can only shrink.
  const long cap = wait_capacity();
  EvictionCandidate* candidates = nullptr;
  WaitEntry** entries = nullptr;
  if (hash_get_num_entries(waits) + n >= cap) {
    candidates = static_cast<EvictionCandidate*>(palloc(sizeof(EvictionCandidate) * cap));
    entries = static_cast<WaitEntry**>(palloc(sizeof(WaitEntry*) * cap));
  }
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  for (int i = 0; i < n; ++i) {
    const WaitKey k = wait_key(observations[i].key, observations[i].wait_event_info);
    auto* e = static_cast<WaitEntry*>(hash_search(waits, &k, HASH_FIND, nullptr));
    if (e == nullptr) {
      if (hash_get_num_entries(waits) >= cap && candidates != nullptr) evict_waits(candidates, entries);
      bool found = false;
      e = static_cast<WaitEntry*>(hash_search(waits, &k, HASH_ENTER_NULL, &found));
      if (e == nullptr) continue;
      if (!found) e->samples = 0;
    }
    e->samples += observations[i].samples;
  }
  LWLockRelease(state->lock);
}

HistoryRow* history_copy(bool all_fingerprints, std::uint64_t fingerprint, TimestampTz since, int* n) {
  *n = 0;
  if (state == nullptr) return nullptr;
  LWLockAcquire(state->lock, LW_SHARED);
  const long used = std::min(state->next, state->capacity);
  auto wanted = [&](const HistoryRow& r) {
    return r.bucket_start + r.bucket_usecs > since && (all_fingerprints || r.key.fingerprint == fingerprint) && !r.delta.empty();
  };
  long count = 0;
  for (long i = 0; i < used; ++i) count += wanted(rows[i]) ? 1 : 0;
  auto* out = static_cast<HistoryRow*>(palloc(sizeof(HistoryRow) * (count + 1)));
  long k = 0;
  for (long i = 0; i < used && k < count; ++i)
    if (wanted(rows[i])) out[k++] = rows[i];
  LWLockRelease(state->lock);
  *n = static_cast<int>(k);
  return out;
}

WaitSamples* waits_copy(int* n) {
  *n = 0;
  if (state == nullptr) return nullptr;
  LWLockAcquire(state->lock, LW_SHARED);
  const long count = hash_get_num_entries(waits);
  auto* out = static_cast<WaitSamples*>(palloc(sizeof(WaitSamples) * (count + 1)));
  long k = 0;
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, waits);
  while (auto* e = static_cast<WaitEntry*>(hash_seq_search(&scan))) {
    if (k < count) out[k++] = WaitSamples{e->key.key, e->key.wait_event_info, e->samples};
  }
  LWLockRelease(state->lock);
  *n = static_cast<int>(k);
  return out;
}

void history_reset_all() {
  if (state == nullptr) return;
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  state->next = 0;
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, waits);
  while (auto* e = static_cast<WaitEntry*>(hash_seq_search(&scan))) hash_search(waits, &e->key, HASH_REMOVE, nullptr);
  LWLockRelease(state->lock);
}

void history_reset_fingerprint(std::uint64_t fingerprint) {
  if (state == nullptr) return;
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  // A ring cannot close gaps: the rows stay, emptied (readers skip them).
  const long used = std::min(state->next, state->capacity);
  for (long i = 0; i < used; ++i)
    if (rows[i].key.fingerprint == fingerprint) std::memset(&rows[i].delta, 0, sizeof rows[i].delta);
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, waits);
  while (auto* e = static_cast<WaitEntry*>(hash_seq_search(&scan)))
    if (e->key.key.fingerprint == fingerprint) hash_search(waits, &e->key, HASH_REMOVE, nullptr);
  LWLockRelease(state->lock);
}

HistoryInfo history_info() {
  HistoryInfo info{};
  info.bytes = static_cast<double>(rows_bytes()) + static_cast<double>(waits_bytes()) +
               static_cast<double>(queryid_map_bytes());
  info.wait_capacity = wait_capacity();
  if (state == nullptr) return info;
  LWLockAcquire(state->lock, LW_SHARED);
  info.capacity = state->capacity;
  info.used = std::min(state->next, state->capacity);
  if (info.used > 0) {
    // The oldest row: the next to be overwritten once the ring is full.
    const long oldest = state->next > state->capacity ? state->next % state->capacity : 0;
    info.oldest = rows[oldest].bucket_start;
  }
  info.wait_entries = hash_get_num_entries(waits);
  LWLockRelease(state->lock);
  return info;
}

}  // namespace insights::pg
