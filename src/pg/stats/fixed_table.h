// A fixed array of rows in shared memory under one LWLock of its own
// tranche, searched linearly: the errors table (statement_errors.cpp) and
// the plans table (statement_plans.cpp). What they share lives here: the
// set-up, the copy a reader takes, the reset and the counts; how a row is
// found, added or evicted is each table's own.
//
// Lock rules: `lock` is taken shared to read and exclusively to write; under
// it only plain copies and arithmetic (a reset's `drop` predicate
// included), never another lock of pg_insights. palloc happens before it is
// taken.
#pragma once

#include "pg/compat.h"

extern "C" {
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/palloc.h"
}

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace insights::pg {

template <typename Row, int Capacity>
struct FixedTable {
  static_assert(std::is_trivially_copyable_v<Row>);
  static constexpr int kCapacity = Capacity;
  using RowType = Row;

  LWLock* lock;
  int used;  // entries [0, used) are live
  std::int64_t evictions;
  Row entries[Capacity];
};

template <typename Table>
std::size_t fixed_table_bytes() {
  return MAXALIGN(sizeof(Table));
}

// At shmem_startup: the table named `name`, created empty (its lock the
// first of `tranche`) or found as the postmaster made it.
template <typename Table>
Table* fixed_table_attach(const char* name, const char* tranche) {
  static_assert(std::is_trivially_copyable_v<Table>);
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  auto* table = static_cast<Table*>(ShmemInitStruct(name, sizeof(Table), &found));
  if (!found) {
    table->lock = &(GetNamedLWLockTranche(tranche))->lock;
    table->used = 0;
    table->evictions = 0;
  }
  LWLockRelease(AddinShmemInitLock);
  return table;
}

// A palloc'd copy of every live entry, taken under the shared lock; *count
// rows.
template <typename Table>
typename Table::RowType* fixed_table_snapshot(Table* table, int* count) {
  using Row = typename Table::RowType;
  auto* rows = static_cast<Row*>(palloc(sizeof(Row) * Table::kCapacity));
  LWLockAcquire(table->lock, LW_SHARED);
  *count = table->used;
  std::memcpy(rows, table->entries, sizeof(Row) * table->used);
  LWLockRelease(table->lock);
  return rows;
}

// Empties the table (evictions too) when `all`; else removes the entries
// drop(row) is true for, keeping the others in their order. Nothing before
// the shared memory is set up (the library not preloaded).
template <typename Table, typename Drop>
void fixed_table_reset(Table* table, bool all, Drop drop) {
  if (table == nullptr) return;
  LWLockAcquire(table->lock, LW_EXCLUSIVE);
  if (all) {
    table->used = 0;
    table->evictions = 0;
  } else {
    int kept = 0;
    for (int i = 0; i < table->used; ++i) {
      if (drop(table->entries[i])) continue;
      if (kept != i) table->entries[kept] = table->entries[i];
      ++kept;
    }
    table->used = kept;
  }
  LWLockRelease(table->lock);
}

// The live entries and evictions so far, as Info{entries, evictions}.
template <typename Info, typename Table>
Info fixed_table_info(Table* table) {
  LWLockAcquire(table->lock, LW_SHARED);
  const Info info{table->used, table->evictions};
  LWLockRelease(table->lock);
  return info;
}

}  // namespace insights::pg
