// Indexes created while the server runs (CREATE INDEX, advised or not),
// noted by the utility hook for insights.advice_outcomes(), which compares
// the history of the statements whose plans use them before and after.
// A small fixed table in shared memory; not saved across restarts (the
// history it is compared with is not either). Lock rules at the top of
// index_outcomes.cpp.
#pragma once

#include <cstdint>

extern "C" {
#include "postgres.h"

#include "nodes/nodes.h"
#include "utils/timestamp.h"
}

namespace insights::pg {

constexpr int kMaxNotedIndexes = 128;  // 544 bytes each: 68 kB
constexpr int kNotedKeyLength = 256;

struct NotedIndex {
  Oid index_oid;
  Oid database_oid;
  Oid table_oid;
  TimestampTz created_at;
  bool partial;  // it has a WHERE clause
  char index_name[NAMEDATALEN];
  char schema_name[NAMEDATALEN];
  char table_name[NAMEDATALEN];
  char access_method[NAMEDATALEN];
  char key_columns[kNotedKeyLength];  // pg_get_indexdef_columns(), cut at a character boundary
};

// Its area (shared_memory.h; a spinlock, no LWLock to request) and its
// set-up.
struct SharedMemoryAreas;
void index_outcomes_shmem_areas(SharedMemoryAreas* areas);
void index_outcomes_startup_shmem();

// After a utility statement ran successfully: when it was a CREATE INDEX,
// notes the index it made. Errors while looking it up are logged and
// dropped (the index exists; failing the statement now would be worse).
void note_created_index(Node* statement);

// A palloc'd copy of the noted indexes, oldest first.
NotedIndex* noted_indexes_snapshot(int* count);

}  // namespace insights::pg
