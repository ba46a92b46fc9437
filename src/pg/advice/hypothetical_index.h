// Hypothetical B-tree indexes for what-if planning: the planner sees them
// through get_relation_info_hook, as HypoPG does, without any catalog entry.
//
// Plain C data (palloc'd): built and used from pg_call()-guarded code.
#pragma once

#include "pg/compat.h"

extern "C" {
#include "access/attnum.h"
#include "nodes/pg_list.h"
}

namespace insights::pg {

struct HypotheticalIndex;

struct HypotheticalIndexSpec {
  Oid table_oid;
  int key_count;
  int include_count;
  const AttrNumber* attnums;  // key_count + include_count entries; 0 = next expression
  List* expressions;          // key expressions, Vars with varno 1
  const bool* descending;     // key_count entries
  const bool* nulls_first;    // key_count entries
  List* predicate;            // implicit-AND list, Vars with varno 1; NIL if not partial
  double tuples;              // index entries
  double bytes;               // estimated size
};

// nullptr when a key has no default B-tree operator class (the candidate
// cannot be a B-tree index). May elog(ERROR).
HypotheticalIndex* hypothetical_index_create(const HypotheticalIndexSpec& spec);

// While active, the planner sees the index on its table (on a partitioned
// table: on each partition it scans, as CREATE INDEX would propagate it;
// table_hierarchy.h). Several may be active at once (the indexes already
// advised, plus the one being weighed).
void hypothetical_index_activate(HypotheticalIndex* index);
void hypothetical_index_deactivate(HypotheticalIndex* index);
void hypothetical_index_deactivate_all();

void install_hypothetical_index_hook();

}  // namespace insights::pg
