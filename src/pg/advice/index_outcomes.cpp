// The noted indexes (index_outcomes.h).
//
// Lock rules: one spinlock over the whole table, held only to look for an
// index among the entries and copy one in, or to copy the table out
// (fixed-size structs, no allocation, nothing that can fail).
// Only CREATE INDEX writes and only readers of advice_outcomes() read: no
// statement execution touches it. When full, the oldest entry is
// replaced (a ring). Not saved: a restart starts with an empty table.
#include "pg/advice/index_outcomes.h"

#include "pg/advice/plan_census.h"
#include "pg/guard.h"
#include "pg/shared_memory.h"

extern "C" {
#include "access/relation.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "commands/defrem.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
}

#include <cstring>
#include <type_traits>

namespace insights::pg {
namespace {

static_assert(std::is_trivially_copyable_v<NotedIndex>);

struct NotedTable {
  slock_t mutex;
  std::uint64_t written;  // entries ever noted; the next goes to written % kMaxNotedIndexes
  NotedIndex entries[kMaxNotedIndexes];
};
static_assert(std::is_trivially_copyable_v<NotedTable>);

NotedTable* table = nullptr;
constexpr const char* kAreaName = "pg_insights noted indexes";  // pg_shmem_allocations, shared_memory.h

void copy_name(char* to, const char* from, int size) {
  const int length = from == nullptr ? 0 : static_cast<int>(strlen(from));
  const int kept = length < size ? length : pg_mbcliplen(from, length, size - 1);
  if (kept > 0) memcpy(to, from, kept);
  to[kept] = '\0';
}

// The index a CREATE INDEX made: by its name when it gave one, else the
// table's index with the highest OID (the newest, short of OID
// wrap-around). InvalidOid when none is found.
Oid created_index(IndexStmt* stmt, Oid table_oid) {
  if (stmt->idxname != nullptr) return get_relname_relid(stmt->idxname, get_rel_namespace(table_oid));
  Relation rel = relation_open(table_oid, AccessShareLock);
  List* indexes = RelationGetIndexList(rel);
  relation_close(rel, AccessShareLock);
  Oid newest = InvalidOid;
  ListCell* cell;
  foreach (cell, indexes)
    if (lfirst_oid(cell) > newest) newest = lfirst_oid(cell);
  return newest;
}

// CREATE INDEX IF NOT EXISTS that found the index there made nothing: the
// index's catalog row is then not this transaction's. (CONCURRENTLY commits
// its catalog row in a transaction of its own: such an index counts as new
// unless it is noted already, which note_created_index() checks.)
bool made_now(IndexStmt* stmt, Oid index_oid) {
  if (!stmt->if_not_exists || stmt->concurrent) return true;
  HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(index_oid));
  if (!HeapTupleIsValid(tuple)) return false;
  const bool mine = TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetXmin(tuple->t_data));
  ReleaseSysCache(tuple);
  return mine;
}

struct Noting {
  IndexStmt* stmt;
  NotedIndex entry;
  bool found;
};

bool look_up(void* arg) {
  auto* noting = static_cast<Noting*>(arg);
  const Oid table_oid = RangeVarGetRelid(noting->stmt->relation, NoLock, true);
  if (!OidIsValid(table_oid)) return true;
  const Oid index_oid = created_index(noting->stmt, table_oid);
  if (!OidIsValid(index_oid) || get_rel_relkind(index_oid) == '\0' || !made_now(noting->stmt, index_oid)) return true;
  NotedIndex& e = noting->entry;
  memset(&e, 0, sizeof e);
  e.index_oid = index_oid;
  e.database_oid = MyDatabaseId;
  e.table_oid = table_oid;
  e.created_at = GetCurrentTimestamp();
  e.partial = noting->stmt->whereClause != nullptr;
  copy_name(e.index_name, get_rel_name(index_oid), NAMEDATALEN);
  copy_name(e.schema_name, get_namespace_name(get_rel_namespace(table_oid)), NAMEDATALEN);
  copy_name(e.table_name, get_rel_name(table_oid), NAMEDATALEN);
  copy_name(e.access_method, noting->stmt->accessMethod, NAMEDATALEN);
  copy_name(e.key_columns, pg_get_indexdef_columns(index_oid, true), kNotedKeyLength);
  noting->found = true;
  return true;
}

}  // namespace

void index_outcomes_shmem_areas(SharedMemoryAreas* areas) {
  areas->add(kAreaName, MAXALIGN(sizeof(NotedTable)), nullptr);
  plan_census_shmem_areas(areas);
}

void index_outcomes_startup_shmem() {
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  table = static_cast<NotedTable*>(ShmemInitStruct(kAreaName, sizeof(NotedTable), &found));
  if (!found) {
    memset(table, 0, sizeof *table);
    SpinLockInit(&table->mutex);
  }
  LWLockRelease(AddinShmemInitLock);
  plan_census_startup_shmem();
}

void note_created_index(Node* statement) {
  if (table == nullptr || statement == nullptr || !IsA(statement, IndexStmt) || !IsTransactionState() ||
      IsInParallelMode())
    return;
  Noting noting{castNode(IndexStmt, statement), NotedIndex{}, false};
  ErrorData* error = pg_try_in_subtransaction(look_up, &noting);
  if (error != nullptr) {
    if (error->sqlerrcode == ERRCODE_QUERY_CANCELED) ReThrowError(error);
    ereport(LOG_SERVER_ONLY, (errmsg("pg_insights: the index just created could not be noted (SQLSTATE %s)",
                                     unpack_sql_state(error->sqlerrcode)),
                              errhidestmt(true)));
    FreeErrorData(error);
    return;
  }
  if (!noting.found) return;
  SpinLockAcquire(&table->mutex);
  bool known = false;  // the same index noted already (IF NOT EXISTS, CONCURRENTLY)
  const std::uint64_t first = table->written > kMaxNotedIndexes ? table->written - kMaxNotedIndexes : 0;
  for (std::uint64_t k = first; k < table->written && !known; ++k) {
    const NotedIndex& e = table->entries[k % kMaxNotedIndexes];
    known = e.index_oid == noting.entry.index_oid && e.database_oid == noting.entry.database_oid &&
            strcmp(e.index_name, noting.entry.index_name) == 0;
  }
  if (!known) {
    table->entries[table->written % kMaxNotedIndexes] = noting.entry;
    table->written++;
  }
  SpinLockRelease(&table->mutex);
  // Its plans after it: the census, once the transaction commits.
  if (!known) plan_census_index_noted();
}

NotedIndex* noted_indexes_snapshot(int* count) {
  auto* copy = static_cast<NotedIndex*>(palloc(sizeof(NotedIndex) * kMaxNotedIndexes));
  *count = 0;
  if (table == nullptr) return copy;
  SpinLockAcquire(&table->mutex);
  const std::uint64_t written = table->written;
  const std::uint64_t first = written > kMaxNotedIndexes ? written - kMaxNotedIndexes : 0;
  for (std::uint64_t k = first; k < written; ++k) copy[(*count)++] = table->entries[k % kMaxNotedIndexes];
  SpinLockRelease(&table->mutex);
  return copy;
}

}  // namespace insights::pg
