// The shared query id → fingerprint map.
//
// Lock rules: each slot has its own spinlock, held only to copy the slot's
// three fields in or out (no allocation, no call). Nothing else is locked:
// a writer (a backend whose fingerprint cache missed) and the reader (the
// sampler, once per running backend per sample) touch at most kWays slots.
// The map is a set-associative array: a query id has kWays candidate slots;
// a full set replaces one of them, chosen by the query id's hash. A backend
// that keeps its fingerprint cached does not publish again, so a replaced
// statement is not attributed until another backend misses on it: the map
// has twice as many slots as insights.max_statements to make that rare.
#include "pg/stats/queryid_map.h"

#include "pg/compat.h"
#include "pg/settings.h"
#include "pg/shared_memory.h"

extern "C" {
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "storage/spin.h"
}

#include <cstring>
#include <type_traits>

namespace insights::pg {
namespace {

constexpr int kWays = 4;
constexpr const char* kAreaName = "pg_insights query ids";  // pg_shmem_allocations, shared_memory.h

struct Slot {
  slock_t mutex;
  std::uint64_t query_id;  // 0: empty
  std::uint64_t fingerprint;
  FingerprintSource source;
};
static_assert(std::is_trivially_copyable_v<Slot>);

Slot* slots = nullptr;
std::uint64_t slot_count = 0;  // a power of two, ≥ kWays

std::uint64_t slots_for(int max_statements) {
  std::uint64_t n = 1024;
  while (n < static_cast<std::uint64_t>(max_statements) * 2) n <<= 1;
  return n;
}

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

Slot* set_of(std::uint64_t query_id) { return &slots[mix(query_id) & (slot_count - 1) & ~std::uint64_t{kWays - 1}]; }

}  // namespace

void queryid_map_shmem_areas(SharedMemoryAreas* areas) {
  areas->add(kAreaName, static_cast<std::size_t>(queryid_map_bytes()), "insights.max_statements");
}

void queryid_map_startup_shmem() {
  slot_count = slots_for(settings.max_statements);
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  slots = static_cast<Slot*>(ShmemInitStruct(kAreaName, sizeof(Slot) * slot_count, &found));
  if (!found) {
    std::memset(slots, 0, sizeof(Slot) * slot_count);
    for (std::uint64_t i = 0; i < slot_count; ++i) SpinLockInit(&slots[i].mutex);
  }
  LWLockRelease(AddinShmemInitLock);
}

void queryid_map_publish(std::uint64_t query_id, std::uint64_t fingerprint, FingerprintSource source) {
  if (slots == nullptr || query_id == 0) return;
  Slot* set = set_of(query_id);
  // An empty slot or this query id's own; else the one its hash picks.
  Slot* target = &set[(mix(query_id) >> 40) % kWays];
  for (int w = 0; w < kWays; ++w) {
    Slot* s = &set[w];
    SpinLockAcquire(&s->mutex);
    const std::uint64_t held = s->query_id;
    SpinLockRelease(&s->mutex);
    if (held == query_id || held == 0) {
      target = s;
      break;
    }
  }
  SpinLockAcquire(&target->mutex);
  target->query_id = query_id;
  target->fingerprint = fingerprint;
  target->source = source;
  SpinLockRelease(&target->mutex);
}

bool queryid_map_lookup(std::uint64_t query_id, std::uint64_t* fingerprint, FingerprintSource* source) {
  if (slots == nullptr || query_id == 0) return false;
  Slot* set = set_of(query_id);
  for (int w = 0; w < kWays; ++w) {
    Slot* s = &set[w];
    SpinLockAcquire(&s->mutex);
    const bool match = s->query_id == query_id;
    if (match) {
      *fingerprint = s->fingerprint;
      *source = s->source;
    }
    SpinLockRelease(&s->mutex);
    if (match) return true;
  }
  return false;
}

long queryid_map_bytes() { return static_cast<long>(MAXALIGN(sizeof(Slot) * slots_for(settings.max_statements))); }

}  // namespace insights::pg
