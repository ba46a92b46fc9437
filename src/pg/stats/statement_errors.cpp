// Lock rules: one LWLock (tranche "pg_insights errors") guards the table:
// shared to read it, exclusive to count an error, evict or reset. Nothing
// that can raise an error or allocate runs while it is held, and it is
// never held while another lock of pg_insights is taken. The table is a
// fixed array searched linearly: it is touched only when a statement fails
// (a thousand 24-byte keys compared, a few microseconds), and a plain array
// needs no allocation, which the error path must not do.
#include "pg/stats/statement_errors.h"

#include "core/stats/error_message.h"
#include "pg/settings.h"
#include "pg/shared_memory.h"
#include "pg/stats/fingerprint_cache.h"
#include "pg/stats/fixed_table.h"
#include "pgquery/pgquery.h"

extern "C" {
#include "access/parallel.h"
#include "miscadmin.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "tcop/tcopprot.h"
#include "utils/backend_status.h"
#include "utils/elog.h"
}

#include <cstring>

namespace insights::pg {
namespace {

constexpr const char* kTrancheName = "pg_insights errors";
constexpr const char* kAreaName = "pg_insights statement errors";  // pg_shmem_allocations, shared_memory.h

using ErrorTable = FixedTable<StatementErrorRow, kMaxStatementErrors>;

ErrorTable* table = nullptr;
emit_log_hook_type prev_emit_log_hook = nullptr;

bool same_key(const StatementErrorRow& a, const StatementErrorRow& b) {
  return a.fingerprint == b.fingerprint && a.userid == b.userid && a.dbid == b.dbid && a.sqlstate == b.sqlstate &&
         a.source == b.source;
}

// The failing statement's identity. The server's query id (set once parse
// analysis is done) finds the fingerprint this backend computed when the
// statement last succeeded; else libpg_query fingerprints the text, as the
// capture path does for a new statement (it reports errors in its result
// and allocates with malloc: nothing here can raise). A text of several
// statements the backend has not run before is fingerprinted whole.
void identify(StatementErrorRow* row) {
  const std::uint64_t query_id = pgstat_get_my_query_id();
  CachedFingerprint cached;
  if (query_id != 0 && fingerprint_cache_lookup(query_id, &cached)) {
    row->fingerprint = cached.fingerprint;
    row->source = cached.source == FingerprintSource::kLibpgQuery ? ErrorSource::kStatement : ErrorSource::kQueryId;
    return;
  }
  std::uint64_t fingerprint = 0;
  pgquery::ParseError error;
  if (debug_query_string != nullptr && debug_query_string[0] != '\0' &&
      pgquery::fingerprint(debug_query_string, &fingerprint, &error)) {
    row->fingerprint = fingerprint;
    row->source = ErrorSource::kStatement;
  } else if (query_id != 0) {
    row->fingerprint = query_id;
    row->source = ErrorSource::kQueryId;
  } else {
    row->fingerprint = 0;
    row->source = ErrorSource::kUnparsed;
  }
}

// Exclusive lock held. The entry for the key, a free one, or the one seen
// least recently, emptied.
StatementErrorRow* entry_for(const StatementErrorRow& key) {
  for (int i = 0; i < table->used; ++i)
    if (same_key(table->entries[i], key)) return &table->entries[i];
  StatementErrorRow* slot = nullptr;
  if (table->used < kMaxStatementErrors) {
    slot = &table->entries[table->used++];
  } else {
    slot = &table->entries[0];
    for (int i = 1; i < table->used; ++i)
      if (table->entries[i].last_seen < slot->last_seen) slot = &table->entries[i];
    table->evictions++;
  }
  *slot = key;
  slot->errors = 0;
  slot->first_seen = key.last_seen;
  return slot;
}

void record_error(const ErrorData* edata) {
  StatementErrorRow row;
  std::memset(&row, 0, sizeof row);
  // The session's role, not the owner of a SECURITY DEFINER function the
  // error left current: the client's statement is the one that failed.
  row.userid = GetOuterUserId();
  row.dbid = MyDatabaseId;
  row.sqlstate = edata->sqlerrcode;
  row.last_seen = GetCurrentTimestamp();
  identify(&row);
  mask_error_template(edata->message_id, row.message, sizeof row.message);

  LWLockAcquire(table->lock, LW_EXCLUSIVE);
  StatementErrorRow* e = entry_for(row);
  e->errors++;
  e->last_seen = row.last_seen;
  std::memcpy(e->message, row.message, sizeof row.message);  // the latest one
  LWLockRelease(table->lock);
}

// Only a client backend's statements (not a parallel worker's copy of its
// leader's error, nor a background process's), only while tracking, and
// never when the error was raised under this table's own lock.
bool recordable(const ErrorData* edata) {
  return edata->elevel == ERROR && table != nullptr && MyBackendType == B_BACKEND && MyProc != nullptr &&
         OidIsValid(MyDatabaseId) && !IsParallelWorker() &&
         static_cast<TrackLevel>(settings.track) != TrackLevel::kNone && !LWLockHeldByMe(table->lock);
}

void emit_log(ErrorData* edata) noexcept {
  if (recordable(edata)) record_error(edata);
  if (prev_emit_log_hook) prev_emit_log_hook(edata);
}

}  // namespace

std::size_t statement_errors_shmem_size() { return fixed_table_bytes<ErrorTable>(); }

void statement_errors_shmem_areas(SharedMemoryAreas* areas) {
  areas->add(kAreaName, statement_errors_shmem_size(), nullptr);
}

void statement_errors_request_shmem() { RequestNamedLWLockTranche(kTrancheName, 1); }

void statement_errors_startup_shmem() { table = fixed_table_attach<ErrorTable>(kAreaName, kTrancheName); }

void install_statement_errors_hook() {
  prev_emit_log_hook = emit_log_hook;
  emit_log_hook = emit_log;
}

StatementErrorRow* statement_errors_snapshot(int* count) { return fixed_table_snapshot(table, count); }

void statement_errors_reset(bool all, std::uint64_t fingerprint) {
  // Syntax errors have no fingerprint: only a reset of everything forgets them.
  fixed_table_reset(table, all, [fingerprint](const StatementErrorRow& e) {
    return e.source != ErrorSource::kUnparsed && e.fingerprint == fingerprint;
  });
}

ErrorStoreInfo statement_errors_info() { return fixed_table_info<ErrorStoreInfo>(table); }

}  // namespace insights::pg
