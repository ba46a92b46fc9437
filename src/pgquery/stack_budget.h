// How much stack libpg_query may use: what the process embedding it allows.
// Declared here, defined by the embedding (src/pg/stack_budget.cpp in the
// backend), so that src/pgquery needs none of PostgreSQL's headers.
#pragma once

#include <cstddef>

namespace insights::pgquery {

struct StackBudget {
  // The lowest stack address the caller's process allows (the stack grows
  // down), or nullptr when unknown: then libpg_query runs on a stack of its own.
  const char* lowest;
  // The process's own depth limit (PostgreSQL's max_stack_depth), in bytes.
  std::size_t max_depth;
};

StackBudget stack_budget() noexcept;

}  // namespace insights::pgquery
