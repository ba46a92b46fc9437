// Internal to pool advice: the rules, one file per target, and the phrases
// their rationales share. advise() (advice.cpp) builds one context and calls
// every rule in order.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pool/advice.h"
#include "core/pool/model.h"
#include "core/pool/plan.h"

namespace insights::pool {

struct AdviceContext {
  const WindowActivity& activity;
  const InstanceEstimate& instances;
  const WorkloadFacts& workload;
  const ServerFacts& server;
  PoolPlan plan;
};

// --- phrases shared by rationales (rationale.cpp) ---

// "core budget 9 = 2 × 4 cores + 1 effective spindle (PostgreSQL wiki "Number Of Database Connections",
// HikariCP "About Pool Sizing"; cache hit ratio 95.0%, under 99%)[, cut to 7 by max_connections 10 less 3 reserved]"
std::string capacity_phrase(const AdviceContext& ctx);
// "busy connections (active + idle in transaction) p50 3.0, p95 6.0, p99 7.5 over 3,600 s (36,000 samples at 100 ms)"
std::string demand_phrase(const AdviceContext& ctx);
// "6 pools = 3 app instances (given) × 2 workers per instance"
std::string split_phrase(const AdviceContext& ctx);
// "Little's law: 20.0 calls/s × 100.0 ms = 2.0 busy on average; sampled mean active 2.4 (ratio 0.83)"
std::string little_phrase(const AdviceContext& ctx);
// "5 × p99 4.0 s of role "report" (the slowest with 100+ calls), rounded up to whole seconds, within 5-30 s"
std::string acquire_phrase(const AdviceContext& ctx);
// "No recommendation: <what is missing>."
std::string missing_phrase(const std::string& what);

// A row that recommends nothing because `missing` (a phrase) is missing.
AdviceRow missing_row(const char* target, std::string setting, std::optional<std::string> current,
                      const std::string& missing);

// What a rule recommends, in the target's syntax, and why.
struct Recommendation {
  std::string value;
  std::string rationale;
};

// The row for one setting: build() when nothing is `missing`, else a
// missing_row. The rule runs only when its data is there.
template <typename Build>
AdviceRow row_unless_missing(const char* target, const char* setting, std::optional<std::string> current,
                             const std::string& missing, Build build) {
  if (!missing.empty()) return missing_row(target, setting, std::move(current), missing);
  Recommendation r = build();
  return {target, setting, std::move(current), std::move(r.value), std::move(r.rationale)};
}

// One setting of a target whose configuration the server cannot see (no
// current value): its rule, and what data the rule lacks (nullptr or an empty
// phrase: nothing).
struct SettingRule {
  const char* setting;
  Recommendation (*rule)(const AdviceContext&);
  const std::string* missing;
};
void add_settings(const AdviceContext& ctx, const char* target, std::initializer_list<SettingRule> settings,
                  std::vector<AdviceRow>& rows);

// --- the rules, per target ---
void add_postgresql_rows(const AdviceContext& ctx, std::vector<AdviceRow>& rows);
void add_pgbouncer_rows(const AdviceContext& ctx, std::vector<AdviceRow>& rows);
void add_client_pool_rows(const AdviceContext& ctx,
                          std::vector<AdviceRow>& rows);  // SQLAlchemy, Go, HikariCP, node-postgres
void add_warning_rows(const AdviceContext& ctx, std::vector<AdviceRow>& rows);

}  // namespace insights::pool
