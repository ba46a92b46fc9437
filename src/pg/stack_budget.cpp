// The backend's stack budget for libpg_query (src/pgquery/stack_budget.h):
// what PostgreSQL's own check_stack_depth() allows, so that libpg_query stops
// where the server would.
#include "pgquery/stack_budget.h"

#include "pg/compat.h"

#include <cstdint>

extern "C" {
#include "miscadmin.h"
#include "tcop/tcopprot.h"
}

namespace insights::pgquery {

StackBudget stack_budget() noexcept {
  // PostgreSQL 15 keeps stack_base_ptr to itself; set_stack_base() hands
  // back the old value (making this frame the base) and restore_stack_base()
  // puts it back at once. Nothing between them can check the stack.
  const pg_stack_base_t saved = set_stack_base();
  restore_stack_base(saved);
  const char* base = saved;
  const std::size_t max_depth = static_cast<std::size_t>(max_stack_depth) * 1024;
  if (base == nullptr || reinterpret_cast<std::uintptr_t>(base) <= max_depth) return StackBudget{nullptr, max_depth};
  return StackBudget{base - max_depth, max_depth};
}

}  // namespace insights::pgquery
