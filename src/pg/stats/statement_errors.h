// Statements that fail: counts per (fingerprint, SQLSTATE, user, database),
// first and last seen, and one message that holds nothing the user sent
// (core/stats/error_message.h). Read by insights.statement_errors.
//
// An error is counted when the server reports it (emit_log_hook, as
// pg_stat_monitor does): only errors that end a client's statement get
// there (one caught by a PL/pgSQL EXCEPTION block is not reported), once
// each, whatever raised it (parse, analysis, planning, execution, commit).
// The hook runs inside the server's error recovery, where nothing may raise
// another error: recording allocates nothing, calls nothing of the server
// that can fail, and takes only its own lock (see the rules in the .cpp).
#pragma once

#include <cstdint>

#include "pg/compat.h"

extern "C" {
#include "utils/timestamp.h"
}

namespace insights::pg {

// Fixed: a table of this many (statement, SQLSTATE) pairs; when full the
// one seen least recently makes room (counted in evictions).
inline constexpr int kMaxStatementErrors = 1000;
inline constexpr int kErrorMessageBytes = 256;

enum class ErrorSource : std::uint8_t {
  kStatement = 0,  // libpg_query's fingerprint, as in insights.statements
  kQueryId = 1,    // libpg_query could not parse it: the server's query id
  kUnparsed = 2,   // failed before it had either (a syntax error): no fingerprint
};

struct StatementErrorRow {
  std::uint64_t fingerprint;  // 0 for kUnparsed
  std::uint32_t userid;
  std::uint32_t dbid;
  int sqlstate;  // ErrorData.sqlerrcode
  ErrorSource source;
  std::int64_t errors;
  TimestampTz first_seen;
  TimestampTz last_seen;
  char message[kErrorMessageBytes];
};

void statement_errors_request_shmem();
void statement_errors_startup_shmem();
void install_statement_errors_hook();

// A palloc'd copy of every entry (taken under the shared lock); *count rows.
StatementErrorRow* statement_errors_snapshot(int* count);
void statement_errors_reset(bool all, std::uint64_t fingerprint);

struct ErrorStoreInfo {
  int entries;
  std::int64_t evictions;
};
ErrorStoreInfo statement_errors_info();
std::size_t statement_errors_shmem_size();
// Its area of shared memory (shared_memory.h): the table, of that size.
struct SharedMemoryAreas;
void statement_errors_shmem_areas(SharedMemoryAreas* areas);

}  // namespace insights::pg
