#include "pg/shared_memory.h"

#include "pg/advice/index_outcomes.h"
#include "pg/compat.h"
#include "pg/pool/activity_sampler.h"
#include "pg/sql_function.h"
#include "pg/stats/history.h"
#include "pg/stats/queryid_map.h"
#include "pg/stats/statement_errors.h"
#include "pg/stats/statement_plans.h"
#include "pg/stats/store.h"

extern "C" {
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/shmem.h"
#include "utils/builtins.h"
}

namespace insights::pg {
namespace {

// Set in the postmaster by shmem_request, inherited by every backend it
// forks (PostgreSQL builds without EXEC_BACKEND on the platforms the
// extension supports).
std::size_t requested = 0;

}  // namespace

void SharedMemoryAreas::add(const char* name, std::size_t bytes, const char* grows_with) {
  if (count >= kMaxSharedMemoryAreas)
    elog(ERROR, "pg_insights: more than %d shared memory areas (raise kMaxSharedMemoryAreas)", kMaxSharedMemoryAreas);
  area[count++] = SharedMemoryArea{name, bytes, grows_with};
}

std::size_t SharedMemoryAreas::total() const {
  Size sum = 0;
  for (int i = 0; i < count; ++i) sum = add_size(sum, area[i].bytes);
  return sum;
}

SharedMemoryAreas shared_memory_areas() {
  SharedMemoryAreas areas{};
  store_shmem_areas(&areas);
  history_shmem_areas(&areas);
  queryid_map_shmem_areas(&areas);
  statement_errors_shmem_areas(&areas);
  statement_plans_shmem_areas(&areas);
  activity_shmem_areas(&areas);
  index_outcomes_shmem_areas(&areas);
  return areas;
}

void request_shared_memory() {
  requested = shared_memory_areas().total();
  RequestAddinShmemSpace(requested);
}

std::size_t shared_memory_requested() { return requested; }

}  // namespace insights::pg

using namespace insights::pg;

// insights.shared_memory(): the areas, one row each (sizes only: every role
// may see them, as store_info()).
INSIGHTS_SQL_FUNCTION(insights_shared_memory) {
  store_require();
  constexpr int kColumns = 3;
  ReturnSetInfo* rsinfo = begin_rows(fcinfo, kColumns);
  const SharedMemoryAreas areas = shared_memory_areas();
  for (int i = 0; i < areas.count; ++i) {
    const SharedMemoryArea& a = areas.area[i];
    ResultRow<kColumns> row;
    row.add(CStringGetTextDatum(a.name)).add(Int64GetDatum(static_cast<int64>(a.bytes)));
    if (a.grows_with != nullptr)
      row.add(CStringGetTextDatum(a.grows_with));
    else
      row.add_null();
    row.put(rsinfo);
  }
  return static_cast<Datum>(0);
}
