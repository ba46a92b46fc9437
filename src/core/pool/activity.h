// What the sampler records: backend states, aggregated per second (the ring
// buffer in shared memory) and per client group. Plain trivially copyable
// structs: they live in shared memory.
#pragma once

#include <cstdint>
#include <type_traits>

namespace insights::pool {

// A client backend's state at one sample.
enum class BackendState : std::uint8_t {
  kActiveCpu = 0,     // running, no wait event
  kActiveIo,          // waiting on IO (wait_event_type IO)
  kActiveLock,        // waiting on a heavyweight lock (Lock)
  kActiveLwlock,      // waiting on a lightweight lock (LWLock)
  kActiveClient,      // waiting on the client while active (Client)
  kActiveOther,       // any other wait (IPC, Timeout, BufferPin, Extension, ...)
  kIdleInTransaction, // idle in transaction (also "(aborted)")
  kIdle,              // idle
  kCount
};
inline constexpr int kStateCount = static_cast<int>(BackendState::kCount);

inline bool is_active(BackendState s) { return s < BackendState::kIdleInTransaction; }

// One second of samples. Sums are over the samples taken in that second,
// so sum / samples is the mean number of backends in the state.
struct SecondSummary {
  std::int64_t epoch_second;  // Unix time of the second; 0 = empty slot
  std::uint32_t samples;
  std::uint32_t state_sum[kStateCount];
  std::uint32_t max_active;              // most active backends in one sample
  std::uint32_t max_idle_in_transaction; // most idle-in-transaction backends in one sample
  std::uint32_t max_connections;         // most client backends in one sample
  std::uint32_t longest_idle_in_transaction_ms;  // longest idle-in-transaction span seen this second
};
static_assert(std::is_trivially_copyable_v<SecondSummary>);

inline constexpr int kGroupNameBytes = 64;

// What a group's name is. PostgreSQL shows a backend's application_name to
// everybody but its client address only to some roles (pg_stat_activity),
// so the readers need to know which one they are showing.
enum class GroupNameKind : std::uint8_t {
  kApplicationName = 0,
  kClientAddress = 1,  // a numeric address, or "local" for a Unix socket
};

// One client group (application_name, else client address) in one database,
// accumulated since the sampler started (or the last reset).
struct GroupActivity {
  std::uint32_t dbid;
  char name[kGroupNameBytes];  // NUL-terminated, truncated
  GroupNameKind name_kind;
  // The role of the group's backends, or 0 once backends of two different
  // roles were seen in it: who may see a client address depends on it.
  std::uint32_t userid;
  std::int64_t first_seen_epoch;
  std::int64_t last_seen_epoch;
  std::uint64_t samples;        // samples in which the group had a connection
  std::uint64_t active_sum;     // active backends summed over those samples
  std::uint64_t connection_sum; // connections summed over those samples
  std::uint32_t max_active;
  std::uint32_t max_connections;
};
static_assert(std::is_trivially_copyable_v<GroupActivity>);

}  // namespace insights::pool
