#include "pg/advice/table_hierarchy.h"

extern "C" {
#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "miscadmin.h"
#include "storage/lockdefs.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

#include <algorithm>

namespace insights::pg {
namespace {

struct ClassFacts {
  char kind;
  double rows;  // reltuples, 0 before the first VACUUM or ANALYZE (-1)
  double pages;
};

// From the syscache, without opening (or locking) the relation; false when
// it is gone (dropped since the list was read).
bool class_facts(Oid relid, ClassFacts* out) {
  HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
  if (!HeapTupleIsValid(tuple)) return false;
  auto* form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
  *out = ClassFacts{form->relkind, std::max<double>(form->reltuples, 0.0), static_cast<double>(form->relpages)};
  ReleaseSysCache(tuple);
  return true;
}

}  // namespace

Oid advised_table(Oid relid) {
  if (!get_rel_relispartition(relid)) return relid;
  Oid advised = relid;
  ListCell* lc;
  foreach (lc, get_partition_ancestors(relid)) {  // nearest first, the root last
    // An ancestor the statement's owner may not read stops the climb: its
    // rows, statistics and indexes are not the owner's to be told of.
    if (pg_class_aclcheck(lfirst_oid(lc), GetUserId(), ACL_SELECT) != ACLCHECK_OK) break;
    advised = lfirst_oid(lc);
  }
  return advised;
}

List* inheritance_members(Oid relid) {
  if (get_rel_relkind(relid) != RELKIND_RELATION || !has_subclass(relid)) return NIL;
  // The planner locks the same tables when it expands the parent.
  List* all = find_all_inheritors(relid, AccessShareLock, nullptr);
  List* members = NIL;
  ListCell* lc;
  foreach (lc, all)
    if (get_rel_relkind(lfirst_oid(lc)) == RELKIND_RELATION) members = lappend_oid(members, lfirst_oid(lc));
  return list_length(members) <= kMaxInheritanceMembers ? members : NIL;
}

PartitionTotals partition_totals(Oid partitioned) {
  PartitionTotals totals{0, 0.0, 0.0, InvalidOid};
  double largest_rows = -1.0;
  ListCell* lc;
  foreach (lc, find_all_inheritors(partitioned, AccessShareLock, nullptr)) {
    const Oid leaf = lfirst_oid(lc);
    ClassFacts facts;
    if (!class_facts(leaf, &facts) || facts.kind != RELKIND_RELATION) continue;
    totals.partitions++;
    totals.rows += facts.rows;
    totals.pages += facts.pages;
    if (facts.rows > largest_rows) {
      largest_rows = facts.rows;
      totals.largest = leaf;
    }
  }
  return totals;
}

double rows_indexed(Oid relid) {
  ClassFacts facts;
  if (!class_facts(relid, &facts)) return 0.0;
  if (facts.kind != RELKIND_PARTITIONED_TABLE) return facts.rows;
  // ANALYZE of the parent sets its reltuples too; autovacuum never does.
  return std::max(partition_totals(relid).rows, facts.rows);
}

AttrMap* partition_attribute_map(Oid ancestor, Oid partition) {
  if (partition == ancestor || get_rel_relkind(partition) != RELKIND_RELATION || !get_rel_relispartition(partition) ||
      !list_member_oid(get_partition_ancestors(partition), ancestor))
    return nullptr;
  // The planner has locked the partition it plans, and the ancestor too
  // unless the statement names the partition itself: the lock it would take.
  Relation parent = relation_open(ancestor, AccessShareLock);
  Relation child = relation_open(partition, AccessShareLock);
  AttrMap* map = compat_build_attrmap_by_name(RelationGetDescr(child), RelationGetDescr(parent));
  relation_close(child, NoLock);
  relation_close(parent, NoLock);
  return map;
}

}  // namespace insights::pg
