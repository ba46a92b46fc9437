// The activity sampler.
//
// Lock rules: state->lock (an LWLock of the pg_insights tranche) guards the
// ring and the group table. The sampler takes it exclusively once per sample
// to fold that sample in; readers take it shared and copy out. Nothing is
// allocated and nothing can fail while it is held.
//
// The sample itself is taken without any lock of ours and without
// ProcArrayLock: pgstat_read_current_status() copies the backend status
// array (its own consistency protocol), and the wait events are copied from
// the PGPROC array in one pass, as pg_wait_sampling does. Each PGPROC's pid
// and wait_event_info are 4-byte fields read once each; a backend changes
// its wait_event_info without any lock, so ProcArrayLock would not make the
// pair more consistent (pg_stat_activity reads it unlocked too). The two
// copies are matched by pid after sorting, so a sample costs O(n log n)
// with n backends, and nobody waits on the sampler.
#include "pg/pool/activity_sampler.h"
#include "pg/compat.h"

#include "pg/settings.h"
#include "pg/shared_memory.h"
#include "pg/stats/history_sampler.h"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "common/ip.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "storage/shmem.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/backend_status.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/wait_event.h"
}

#include <cstring>

extern "C" PGDLLEXPORT void insights_sampler_main(Datum) noexcept;

namespace insights::pg {
namespace {

using pool::BackendState;
using pool::GroupActivity;
using pool::GroupNameKind;
using pool::SecondSummary;

struct SamplerState {
  LWLock* lock;
  SecondSummary ring[kActivityRingSeconds];
  int group_count;
  GroupActivity groups[kMaxClientGroups];
};

SamplerState* state = nullptr;
constexpr const char* kTrancheName = "pg_insights activity";
constexpr const char* kAreaName = "pg_insights activity";  // pg_shmem_allocations, shared_memory.h

std::int64_t epoch_seconds(TimestampTz t) {
  return static_cast<std::int64_t>(t / USECS_PER_SEC) +
         (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * static_cast<std::int64_t>(SECS_PER_DAY);
}

BackendState wait_state(uint32 wait_event_info) {
  switch (wait_event_info & 0xFF000000) {
    case 0: return BackendState::kActiveCpu;
    case PG_WAIT_IO: return BackendState::kActiveIo;
    case PG_WAIT_LOCK: return BackendState::kActiveLock;
    case PG_WAIT_LWLOCK: return BackendState::kActiveLwlock;
    case PG_WAIT_CLIENT: return BackendState::kActiveClient;
    default: return BackendState::kActiveOther;
  }
}

// Ring slot for a second (> 0: 0 marks an empty slot), cleared when it last
// held an older second. Exclusive lock held.
SecondSummary* slot_for(std::int64_t second) {
  SecondSummary* s = &state->ring[second % kActivityRingSeconds];
  if (s->epoch_second != second) {
    std::memset(s, 0, sizeof *s);
    s->epoch_second = second;
  }
  return s;
}

// Group slot for (dbid, kind, name): found, new, or the least recently seen
// one reused. Exclusive lock held.
GroupActivity* group_for(Oid dbid, GroupNameKind kind, const char* name, Oid userid, std::int64_t now) {
  GroupActivity* oldest = nullptr;
  for (int i = 0; i < state->group_count; ++i) {
    GroupActivity* g = &state->groups[i];
    if (g->dbid == dbid && g->name_kind == kind && std::strncmp(g->name, name, pool::kGroupNameBytes - 1) == 0)
      return g;
    if (oldest == nullptr || g->last_seen_epoch < oldest->last_seen_epoch) oldest = g;
  }
  GroupActivity* g = state->group_count < kMaxClientGroups ? &state->groups[state->group_count++] : oldest;
  std::memset(g, 0, sizeof *g);
  g->dbid = dbid;
  g->name_kind = kind;
  g->userid = userid;
  strlcpy(g->name, name, sizeof g->name);
  g->first_seen_epoch = now;
  return g;
}

// One backend as the sampler saw it.
struct Observed {
  Oid dbid;
  Oid userid;
  GroupNameKind kind;
  BackendState state;
  char group[pool::kGroupNameBytes];
};

// A PGPROC's pid and wait event, copied.
struct ProcWait {
  int pid;
  uint32 wait_event_info;
};

int compare_proc_wait(const void* a, const void* b) {
  const int x = static_cast<const ProcWait*>(a)->pid, y = static_cast<const ProcWait*>(b)->pid;
  return (x > y) - (x < y);
}

// Groups sort by database, kind, then name: one group's backends are a run.
int compare_observed(const void* a, const void* b) {
  const auto* x = static_cast<const Observed*>(a);
  const auto* y = static_cast<const Observed*>(b);
  if (x->dbid != y->dbid) return x->dbid < y->dbid ? -1 : 1;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  return std::strcmp(x->group, y->group);
}

void group_name(const PgBackendStatus* b, Observed* o) {
  if (b->st_appname != nullptr && b->st_appname[0] != '\0') {
    o->kind = GroupNameKind::kApplicationName;
    strlcpy(o->group, b->st_appname, pool::kGroupNameBytes);
    return;
  }
  o->kind = GroupNameKind::kClientAddress;
  char host[NI_MAXHOST];
  host[0] = '\0';
  if (b->st_clientaddr.salen > 0 &&
      pg_getnameinfo_all(&b->st_clientaddr.addr, b->st_clientaddr.salen, host, sizeof host, nullptr, 0,
                         NI_NUMERICHOST | NI_NUMERICSERV) == 0 && host[0] != '\0')
    strlcpy(o->group, host, pool::kGroupNameBytes);
  else
    strlcpy(o->group, "local", pool::kGroupNameBytes);
}

// Copies every live PGPROC's pid and wait event, sorted by pid (see the top
// of the file for why no lock is taken). Returns how many.
int copy_proc_waits(ProcWait* out) {
  int n = 0;
  for (uint32 i = 0; i < ProcGlobal->allProcCount; ++i) {
    const volatile PGPROC* proc = &ProcGlobal->allProcs[i];
    const int pid = proc->pid;
    if (pid == 0) continue;
    out[n++] = ProcWait{pid, proc->wait_event_info};
  }
  qsort(out, n, sizeof(ProcWait), compare_proc_wait);
  return n;
}

uint32 running_wait_event(const ProcWait* waits, int n, int pid) {
  const ProcWait key{pid, 0};
  const auto* found = static_cast<const ProcWait*>(bsearch(&key, waits, n, sizeof(ProcWait), compare_proc_wait));
  return found != nullptr ? found->wait_event_info : 0;
}

// Takes one sample and folds it in. Runs in the sampler's per-sample memory
// context; everything before the final lock is plain copying and sorting.
void take_sample() {
  pgstat_clear_backend_activity_snapshot();
  const int n = pgstat_fetch_stat_numbackends();
  auto* observed = static_cast<Observed*>(palloc(sizeof(Observed) * (n + 1)));
  auto* waits = static_cast<ProcWait*>(palloc(sizeof(ProcWait) * (ProcGlobal->allProcCount + 1)));
  auto* running = static_cast<RunningBackend*>(palloc(sizeof(RunningBackend) * (n + 1)));  // the wait profile
  int running_count = 0;
  const int wait_count = copy_proc_waits(waits);
  int count = 0;
  const TimestampTz now = GetCurrentTimestamp();
  std::uint32_t longest_idle_in_transaction_ms = 0;

  for (int i = 1; i <= n; ++i) {
    LocalPgBackendStatus* local = compat_local_beentry(i);
    if (local == nullptr) continue;
    const PgBackendStatus* b = &local->backendStatus;
    if (b->st_backendType != B_BACKEND || b->st_procpid <= 0) continue;
    Observed* o = &observed[count];
    switch (b->st_state) {
      case STATE_RUNNING:
      case STATE_FASTPATH: {
        const uint32 wait_event = running_wait_event(waits, wait_count, b->st_procpid);
        o->state = wait_state(wait_event);
        running[running_count++] = RunningBackend{static_cast<std::uint64_t>(b->st_query_id), b->st_userid,
                                                  b->st_databaseid, wait_event};
        break;
      }
      case STATE_IDLEINTRANSACTION:
      case STATE_IDLEINTRANSACTION_ABORTED: {
        o->state = BackendState::kIdleInTransaction;
        const long ms = (now - b->st_state_start_timestamp) / 1000;
        if (ms > 0 && static_cast<std::uint32_t>(ms) > longest_idle_in_transaction_ms)
          longest_idle_in_transaction_ms = static_cast<std::uint32_t>(ms);
        break;
      }
      case STATE_IDLE:
        o->state = BackendState::kIdle;
        break;
      default:
        continue;  // starting up, or track_activities is off
    }
    o->dbid = b->st_databaseid;
    o->userid = b->st_userid;
    group_name(b, o);
    ++count;
  }

  std::uint32_t per_state[pool::kStateCount] = {};
  std::uint32_t active = 0;
  for (int i = 0; i < count; ++i) {
    ++per_state[static_cast<int>(observed[i].state)];
    if (pool::is_active(observed[i].state)) ++active;
  }
  qsort(observed, count, sizeof(Observed), compare_observed);

  const std::int64_t second = epoch_seconds(now);
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  SecondSummary* s = slot_for(second);
  // Full only if inject_activity() filled this very second: skip rather
  // than let the sums wrap.
  if (s->samples < kMaxSamplesPerSecond) {
    s->samples++;
    for (int k = 0; k < pool::kStateCount; ++k) s->state_sum[k] += per_state[k];
    s->max_active = std::max(s->max_active, active);
    s->max_idle_in_transaction =
        std::max(s->max_idle_in_transaction, per_state[static_cast<int>(BackendState::kIdleInTransaction)]);
    s->max_connections = std::max(s->max_connections, static_cast<std::uint32_t>(count));
    s->longest_idle_in_transaction_ms =
        std::max(s->longest_idle_in_transaction_ms, longest_idle_in_transaction_ms);
  }

  // Per group (a run of the sorted array): this sample's connections and
  // active backends.
  for (int i = 0; i < count;) {
    const Observed& first = observed[i];
    std::uint32_t connections = 0, group_active = 0;
    Oid userid = first.userid;
    int j = i;
    for (; j < count && compare_observed(&observed[j], &first) == 0; ++j) {
      ++connections;
      if (pool::is_active(observed[j].state)) ++group_active;
      if (observed[j].userid != userid) userid = InvalidOid;
    }
    GroupActivity* g = group_for(first.dbid, first.kind, first.group, userid, second);
    if (g->userid != userid) g->userid = InvalidOid;  // several roles: stays so
    g->last_seen_epoch = second;
    g->samples++;
    g->connection_sum += connections;
    g->active_sum += group_active;
    g->max_connections = std::max(g->max_connections, connections);
    g->max_active = std::max(g->max_active, group_active);
    i = j;
  }
  LWLockRelease(state->lock);
  history_sampler_observe(running, running_count);
}

}  // namespace

void activity_shmem_areas(SharedMemoryAreas* areas) { areas->add(kAreaName, MAXALIGN(sizeof(SamplerState)), nullptr); }

void activity_request_shmem() { RequestNamedLWLockTranche(kTrancheName, 1); }

void activity_startup_shmem() {
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  state = static_cast<SamplerState*>(ShmemInitStruct(kAreaName, sizeof(SamplerState), &found));
  if (!found) {
    std::memset(state, 0, sizeof *state);
    state->lock = &(GetNamedLWLockTranche(kTrancheName))->lock;
  }
  LWLockRelease(AddinShmemInitLock);
}

void register_activity_sampler() {
  BackgroundWorker worker;
  std::memset(&worker, 0, sizeof worker);
  // Shared memory only, no database connection: nothing the sampler does
  // writes, so it runs on a hot standby too (from the moment it accepts
  // read-only connections), where the replica's own clients need pool
  // advice as much as the primary's. A primary starts it once it runs.
  worker.bgw_flags = BGWORKER_SHMEM_ACCESS;
  worker.bgw_start_time = BgWorkerStart_ConsistentState;
  worker.bgw_restart_time = 10;  // seconds: come back after a crash
  strlcpy(worker.bgw_library_name, "pg_insights", BGW_MAXLEN);
  strlcpy(worker.bgw_function_name, "insights_sampler_main", BGW_MAXLEN);
  strlcpy(worker.bgw_name, "pg_insights activity sampler", BGW_MAXLEN);
  strlcpy(worker.bgw_type, "pg_insights sampler", BGW_MAXLEN);
  RegisterBackgroundWorker(&worker);
}

int activity_copy_seconds(SecondSummary* out, int capacity) {
  if (state == nullptr) return 0;
  int n = 0;
  LWLockAcquire(state->lock, LW_SHARED);
  for (int i = 0; i < kActivityRingSeconds && n < capacity; ++i)
    if (state->ring[i].epoch_second != 0) out[n++] = state->ring[i];
  LWLockRelease(state->lock);
  return n;
}

int activity_copy_groups(GroupActivity* out, int capacity) {
  if (state == nullptr) return 0;
  LWLockAcquire(state->lock, LW_SHARED);
  const int n = std::min(capacity, state->group_count);
  std::memcpy(out, state->groups, sizeof(GroupActivity) * n);
  LWLockRelease(state->lock);
  return n;
}

bool activity_inject(std::int64_t epoch_second, const std::uint32_t* state_counts, std::uint32_t samples,
                     std::uint32_t longest_idle_in_transaction_ms, std::uint32_t* held) {
  *held = 0;
  if (state == nullptr || epoch_second <= 0) return false;
  std::uint32_t active = 0, connections = 0;
  for (int k = 0; k < pool::kStateCount; ++k) {
    connections += state_counts[k];
    if (pool::is_active(static_cast<BackendState>(k))) active += state_counts[k];
  }
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  SecondSummary* s = slot_for(epoch_second);
  *held = s->samples;
  const bool fits = s->samples + samples <= kMaxSamplesPerSecond;
  if (fits) {
    s->samples += samples;
    for (int k = 0; k < pool::kStateCount; ++k) s->state_sum[k] += state_counts[k] * samples;
    s->max_active = std::max(s->max_active, active);
    s->max_idle_in_transaction =
        std::max(s->max_idle_in_transaction, state_counts[static_cast<int>(BackendState::kIdleInTransaction)]);
    s->max_connections = std::max(s->max_connections, connections);
    s->longest_idle_in_transaction_ms =
        std::max(s->longest_idle_in_transaction_ms, longest_idle_in_transaction_ms);
  }
  LWLockRelease(state->lock);
  return fits;
}

void activity_reset() {
  if (state == nullptr) return;
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  std::memset(state->ring, 0, sizeof state->ring);
  state->group_count = 0;
  LWLockRelease(state->lock);
}

bool activity_group_name_visible(const GroupActivity& group) {
  if (group.name_kind == GroupNameKind::kApplicationName) return true;
  const Oid me = GetUserId();
  if (has_privs_of_role(me, ROLE_PG_READ_ALL_STATS)) return true;
  return OidIsValid(group.userid) && has_privs_of_role(me, group.userid);
}

}  // namespace insights::pg

using namespace insights::pg;

// The worker's entry point. Plain C-style code: its loop runs PostgreSQL
// calls that may elog(ERROR), which ends the worker (restarted after
// bgw_restart_time), so no C++ objects with destructors live here.
//
// SIGTERM (a shutdown, or pg_terminate_backend) only sets
// ShutdownRequestPending and the latch, like the checkpointer's and
// autoprewarm's handlers: the loop then ends and the worker exits with
// status 0, so a clean shutdown logs no FATAL ("terminating background
// worker ... due to administrator command", which die() would raise).
// Status 0 also means the postmaster does not restart it.
void insights_sampler_main(Datum) noexcept {
  pqsignal(SIGHUP, SignalHandlerForConfigReload);
  pqsignal(SIGTERM, SignalHandlerForShutdownRequest);
  BackgroundWorkerUnblockSignals();
  MemoryContext sample_context =
      AllocSetContextCreate(TopMemoryContext, "pg_insights sampler", ALLOCSET_DEFAULT_SIZES);
  while (!ShutdownRequestPending) {
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, settings.sample_interval_ms,
                    PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
    CHECK_FOR_INTERRUPTS();
    if (ShutdownRequestPending) break;
    if (ConfigReloadPending) {
      ConfigReloadPending = false;
      ProcessConfigFile(PGC_SIGHUP);
    }
    MemoryContext old = MemoryContextSwitchTo(sample_context);
    history_sampler_tick(GetCurrentTimestamp());
    if (settings.sample_activity) take_sample();
    MemoryContextSwitchTo(old);
    MemoryContextReset(sample_context);
  }
  proc_exit(0);
}
