// Tables in a hierarchy, for index advice (docs/ARCHITECTURE.md,
// "Partitioned tables and inheritance"):
//
// - a partitioned table: an index created on it propagates to every
//   partition, so advice names the root of the partition tree, and a
//   hypothetical index on it appears on every partition the planner scans
//   (after pruning), with the partition's own attribute numbers;
// - old-style inheritance: an index on the parent stays on the parent, so a
//   scan of the parent with its children is advised on as a scan of each
//   plain table of the tree, one by one.
//
// PostgreSQL-style code (palloc'd C data, may elog(ERROR)).
#pragma once

#include "pg/compat.h"

extern "C" {
#include "access/attmap.h"
#include "nodes/pg_list.h"
}

namespace insights::pg {

// An inheritance tree larger than this is advised on its parent alone:
// every member is a candidate's table, and each candidate costs re-plans.
constexpr int kMaxInheritanceMembers = 32;

// The table an index serving a scan of relid belongs on: the root of the
// partition tree when relid is a partition (an index on the root propagates
// to it), relid itself otherwise. The climb stops below the first ancestor
// the current user (the statement's owner: accesses are extracted as it)
// may not SELECT from, as EXPLAIN would refuse a statement on it: a
// partition read directly by a role without rights on its parent is advised
// on as a table of its own, from its own catalog and statistics (security
// test partition_without_parent.sh).
Oid advised_table(Oid relid);

// The plain tables (relkind 'r') of relid's inheritance tree, relid first,
// when relid is an old-style inheritance parent (not partitioned) with at
// most kMaxInheritanceMembers of them; NIL otherwise. An OID list.
List* inheritance_members(Oid relid);

// What a partitioned table's leaf partitions hold together.
struct PartitionTotals {
  int partitions;   // leaf partitions with storage (relkind 'r')
  double rows;      // sum of their reltuples (those never analyzed count 0)
  double pages;     // sum of their relpages
  Oid largest;      // the leaf with the most rows, InvalidOid if none
};
PartitionTotals partition_totals(Oid partitioned);

// The rows an index on relid is built over: the sum over its leaf
// partitions for a partitioned table (or its own reltuples when larger, if
// the leaves were never analyzed), reltuples otherwise; 0 when unknown.
double rows_indexed(Oid relid);

// When partition is a leaf partition (relkind 'r') under ancestor: the map
// from ancestor's attribute numbers to the partition's (attnums[parent - 1]
// = the partition's), as CREATE INDEX uses to propagate an index; nullptr
// otherwise.
AttrMap* partition_attribute_map(Oid ancestor, Oid partition);

}  // namespace insights::pg
