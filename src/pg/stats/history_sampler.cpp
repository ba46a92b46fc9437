// The history's writer, in the activity sampler (PostgreSQL-style: C data
// only, no C++ object with a destructor alive across a call that can raise).
//
// Memory: three backend-local hash tables in the sampler's TopMemoryContext:
// each statement's counters at the last bucket change (`baselines`, pruned
// of entries the store no longer has at every change: bounded by the
// store), this bucket's wait samples per statement (`bucket_waits`, emptied
// at every change), and the samples of query ids not yet in the query id
// map (`pending`, at most kMaxPending entries, each kept kPendingUsecs).
//
// Pending samples: a backend publishes a statement's fingerprint when its
// first execution ends (the fingerprint cache miss in capture.cpp), so the
// first run of a statement — the one that may hold a lock for minutes — is
// seen before its query id is mapped. Its samples wait under the query id
// and are attributed, to the bucket in which the mapping appears, as soon
// as it does.
//
// A bucket is closed within one sampler period of its end: its rows hold
// the calls that finished in it (an execution counts when it ends). The
// sampler's first wake-up only takes the baselines (what ran before it, such
// as a restart's restored counters, is not history), so a sampler restarted
// alone loses the calls of its bucket made before it came back. Locks: the store's shared lock for the scan (store_scan),
// then, released, history.h's lock once to append.
#include "pg/stats/history_sampler.h"

#include "core/stats/history.h"
#include "pg/settings.h"
#include "pg/stats/history.h"
#include "pg/stats/queryid_map.h"
#include "pg/stats/store.h"

extern "C" {
#include "utils/hsearch.h"
#include "utils/memutils.h"
}

#include <cstring>

namespace insights::pg {
namespace {

struct Baseline {
  StatementKey key;  // hash key: first
  StatementCounters counters;
  bool seen;  // in the last scan
};

struct BucketWaits {
  StatementKey key;  // hash key: first
  std::uint32_t samples[kWaitClasses];
};

struct PendingKey {
  std::uint64_t query_id;
  std::uint32_t userid;
  std::uint32_t dbid;
  std::uint32_t wait_event_info;
  std::uint32_t padding;  // zeroed: hashed as bytes
};

struct Pending {
  PendingKey key;  // hash key: first
  std::uint32_t samples;
  TimestampTz first_seen;
};

constexpr long kMaxPending = 4096;
constexpr std::int64_t kPendingUsecs = 15 * 60 * USECS_PER_SEC;

HTAB* pending = nullptr;
HTAB* baselines = nullptr;
HTAB* bucket_waits = nullptr;
TimestampTz current_bucket = 0;  // 0: no bucket yet (the baselines are not taken)
std::int64_t current_length = 0;

HTAB* local_table(const char* name, Size entry_size, Size key_size = sizeof(StatementKey)) {
  HASHCTL info;
  std::memset(&info, 0, sizeof info);
  info.keysize = key_size;
  info.entrysize = entry_size;
  info.hcxt = TopMemoryContext;
  return hash_create(name, 1024, &info, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

struct Closing {
  TimestampTz bucket_start;
  std::int64_t bucket_usecs;
  bool emit;  // false on the first pass: baselines only
  HistoryRow* rows;
  int count;
  int capacity;
};

void push_row(Closing* c, const StatementKey& key, const HistoryDelta& delta) {
  if (c->count == c->capacity) {
    c->capacity *= 2;
    c->rows = static_cast<HistoryRow*>(repalloc(c->rows, sizeof(HistoryRow) * c->capacity));
  }
  c->rows[c->count++] = HistoryRow{key, c->bucket_start, c->bucket_usecs, delta};
}

// Under the store's shared lock (store_scan): local hash tables and
// palloc only.
void diff_entry(const EntrySnapshot& s, void* arg) {
  auto* c = static_cast<Closing*>(arg);
  bool found = false;
  auto* b = static_cast<Baseline*>(hash_search(baselines, &s.key, HASH_ENTER, &found));
  HistoryDelta delta = history_delta(s.counters, found ? &b->counters : nullptr);
  b->counters = s.counters;
  b->seen = true;
  if (!c->emit) return;
  if (auto* w = static_cast<BucketWaits*>(hash_search(bucket_waits, &s.key, HASH_FIND, nullptr))) {
    std::memcpy(delta.wait_samples, w->samples, sizeof delta.wait_samples);
    hash_search(bucket_waits, &s.key, HASH_REMOVE, nullptr);
  }
  if (!delta.empty()) push_row(c, s.key, delta);
}

void close_bucket(TimestampTz bucket_start, std::int64_t bucket_usecs, bool emit) {
  if (baselines == nullptr) baselines = local_table("pg_insights history baselines", sizeof(Baseline));
  if (bucket_waits == nullptr) bucket_waits = local_table("pg_insights bucket waits", sizeof(BucketWaits));
  Closing c{bucket_start, bucket_usecs, emit, static_cast<HistoryRow*>(palloc(sizeof(HistoryRow) * 64)), 0, 64};
  store_scan(diff_entry, &c);

  // Statements the store does not have (not tracked, or still running
  // their first call) waited or ran on CPU all the same: rows without calls.
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, bucket_waits);
  while (auto* w = static_cast<BucketWaits*>(hash_seq_search(&scan))) {
    if (emit) {
      HistoryDelta delta;
      std::memset(&delta, 0, sizeof delta);
      std::memcpy(delta.wait_samples, w->samples, sizeof delta.wait_samples);
      push_row(&c, w->key, delta);
    }
    hash_search(bucket_waits, &w->key, HASH_REMOVE, nullptr);
  }
  // Forget the entries the store no longer has (evicted, reset).
  hash_seq_init(&scan, baselines);
  while (auto* b = static_cast<Baseline*>(hash_seq_search(&scan))) {
    if (!b->seen)
      hash_search(baselines, &b->key, HASH_REMOVE, nullptr);
    else
      b->seen = false;
  }
  history_append(c.rows, c.count);
}

}  // namespace

void history_sampler_tick(TimestampTz now) {
  if (settings.history_max_rows == 0 || !store_available()) return;
  const std::int64_t length = static_cast<std::int64_t>(settings.history_interval_s) * USECS_PER_SEC;
  const TimestampTz bucket = bucket_start(now, length);
  if (current_bucket == 0) {
    close_bucket(bucket, length, false);
  } else if (bucket != current_bucket) {
    // With the length it began with: insights.history_interval may have
    // changed since (a reload), which starts the next bucket now.
    close_bucket(current_bucket, current_length, true);
  }
  current_bucket = bucket;
  current_length = length;
}

namespace {

// Adds n samples of one statement in one state to this bucket's wait columns.
void add_bucket_waits(const StatementKey& key, std::uint32_t wait_event_info, std::uint32_t n) {
  if (current_bucket == 0 || settings.history_max_rows == 0) return;
  if (bucket_waits == nullptr) bucket_waits = local_table("pg_insights bucket waits", sizeof(BucketWaits));
  bool found = false;
  auto* w = static_cast<BucketWaits*>(hash_search(bucket_waits, &key, HASH_ENTER, &found));
  if (!found) std::memset(w->samples, 0, sizeof w->samples);
  w->samples[wait_class_of(wait_event_info)] += n;
}

void add_pending(const RunningBackend& b, TimestampTz now) {
  if (pending == nullptr) pending = local_table("pg_insights pending waits", sizeof(Pending), sizeof(PendingKey));
  PendingKey k;
  std::memset(&k, 0, sizeof k);
  k.query_id = b.query_id;
  k.userid = b.userid;
  k.dbid = b.dbid;
  k.wait_event_info = b.wait_event_info;
  if (hash_get_num_entries(pending) >= kMaxPending &&
      hash_search(pending, &k, HASH_FIND, nullptr) == nullptr)
    return;  // full: this sample is lost
  bool found = false;
  auto* p = static_cast<Pending*>(hash_search(pending, &k, HASH_ENTER, &found));
  if (!found) {
    p->samples = 0;
    p->first_seen = now;
  }
  p->samples++;
}

}  // namespace

void history_sampler_observe(const RunningBackend* backends, int n) {
  const long waiting = pending != nullptr ? hash_get_num_entries(pending) : 0;
  if (n == 0 && waiting == 0) return;
  const TimestampTz now = GetCurrentTimestamp();
  auto* observed = static_cast<WaitObservation*>(palloc(sizeof(WaitObservation) * (n + waiting + 1)));
  int count = 0;
  // Earlier samples whose query id has been mapped since; expired ones go.
  if (waiting > 0) {
    HASH_SEQ_STATUS scan;
    hash_seq_init(&scan, pending);
    while (auto* p = static_cast<Pending*>(hash_seq_search(&scan))) {
      std::uint64_t fingerprint = 0;
      FingerprintSource source;
      if (queryid_map_lookup(p->key.query_id, &fingerprint, &source)) {
        const StatementKey key = StatementKey::make(fingerprint, source, p->key.userid, p->key.dbid, true);
        observed[count++] = WaitObservation{key, p->key.wait_event_info, p->samples};
        add_bucket_waits(key, p->key.wait_event_info, p->samples);
        hash_search(pending, &p->key, HASH_REMOVE, nullptr);
      } else if (now - p->first_seen > kPendingUsecs) {
        hash_search(pending, &p->key, HASH_REMOVE, nullptr);
      }
    }
  }
  for (int i = 0; i < n; ++i) {
    if (backends[i].query_id == 0) continue;
    std::uint64_t fingerprint = 0;
    FingerprintSource source;
    if (!queryid_map_lookup(backends[i].query_id, &fingerprint, &source)) {
      add_pending(backends[i], now);
      continue;
    }
    const StatementKey key = StatementKey::make(fingerprint, source, backends[i].userid, backends[i].dbid, true);
    observed[count++] = WaitObservation{key, backends[i].wait_event_info, 1};
    add_bucket_waits(key, backends[i].wait_event_info, 1);
  }
  waits_record(observed, count);
}

}  // namespace insights::pg
