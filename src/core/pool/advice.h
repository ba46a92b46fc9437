// Pool advice: connection pool and server settings from measured concurrency.
//
// advise() turns the concurrency model (pool/model.h) and the server's
// settings into rows of insights.pool_advice(): one per setting of
// PostgreSQL, PgBouncer, SQLAlchemy, Go database/sql, HikariCP and
// node-postgres, then warnings. Every rationale names its source and the
// measured inputs; a rule without enough data leaves recommended_value empty
// and says what is missing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/pool/model.h"

namespace insights::pool {

// The server as it is configured now (src/pg reads these from GUCs and the OS).
struct ServerFacts {
  int cores = 1;  // CPU cores; 0 or less is treated as 1
  int max_connections = 100;
  int superuser_reserved_connections = 3;
  int reserved_connections = 0;       // PostgreSQL 16's reserved_connections; 0 before
  std::uint64_t total_ram_bytes = 0;  // 0 = unknown
  std::uint64_t shared_buffers_bytes = 0;
  std::int64_t work_mem_kb = 4096;
  std::int64_t statement_timeout_ms = 0;  // 0 = disabled, as in PostgreSQL
  std::int64_t idle_in_transaction_session_timeout_ms = 0;
  std::int64_t idle_session_timeout_ms = 0;  // PostgreSQL 14+; 0 = disabled
  int client_connections = 0;                // client backends right now
  int sample_interval_ms = 100;              // insights.sample_interval_ms
  int block_size = 8192;                     // BLCKSZ, for temp blocks in bytes
};

// The caller's question: insights.pool_advice(app_instances, workers_per_instance, window).
struct AdviceRequest {
  std::optional<int> app_instances;  // nullopt: inferred from client groups
  int workers_per_instance = 1;      // processes per instance, each with its own pool; < 1 is treated as 1
};

// One row of insights.pool_advice().
struct AdviceRow {
  std::string target;                            // one of the kTarget* names below
  std::string setting;                           // as the target spells it; a warning's short name for warnings
  std::optional<std::string> current_value;      // as configured, when the server knows it
  std::optional<std::string> recommended_value;  // in the target's syntax; nullopt without enough data
  std::string rationale;
};

inline constexpr const char* kTargetPostgresql = "postgresql";
inline constexpr const char* kTargetPgbouncer = "pgbouncer";
inline constexpr const char* kTargetSqlalchemy = "sqlalchemy";
inline constexpr const char* kTargetGo = "go database/sql";
inline constexpr const char* kTargetHikaricp = "hikaricp";
inline constexpr const char* kTargetNodePostgres = "node-postgres";
inline constexpr const char* kTargetWarning = "warning";

// Below these, the rules that depend on them recommend nothing.
inline constexpr std::int64_t kMinSampledSeconds = 60;
inline constexpr std::uint64_t kMinStatementCalls = 100;

// Rows in a fixed order: postgresql, pgbouncer, sqlalchemy, go database/sql,
// hikaricp, node-postgres, then the warnings that apply. Robust to any input
// values (zero cores, no samples, no statements, NaN).
std::vector<AdviceRow> advise(const WindowActivity& activity, const InstanceEstimate& instances,
                              const WorkloadFacts& workload, const ServerFacts& server, const AdviceRequest& request);

}  // namespace insights::pool
