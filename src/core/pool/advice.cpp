// advise(): the shared figures once, then every target's rules in order.
#include "core/pool/advice.h"

#include "core/pool/plan.h"
#include "core/pool/rules.h"

namespace insights::pool {

std::vector<AdviceRow> advise(const WindowActivity& activity, const InstanceEstimate& instances,
                              const WorkloadFacts& workload, const ServerFacts& server, const AdviceRequest& request) {
  const AdviceContext ctx{activity, instances, workload, server,
                          make_plan(activity, instances, workload, server, request)};
  std::vector<AdviceRow> rows;
  add_postgresql_rows(ctx, rows);
  add_pgbouncer_rows(ctx, rows);
  add_client_pool_rows(ctx, rows);
  add_warning_rows(ctx, rows);
  return rows;
}

}  // namespace insights::pool
