// Hypothetical indexes (B-tree, GIN, BRIN) for what-if planning: the planner sees them
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
  Oid access_method;          // BTREE_AM_OID, GIN_AM_OID, BRIN_AM_OID
  int key_count;
  int include_count;
  const AttrNumber* attnums;  // key_count + include_count entries; 0 = next expression
  List* expressions;          // key expressions, Vars with varno 1
  const bool* descending;     // key_count entries
  const bool* nulls_first;    // key_count entries
  // key_count entries each: the key's operator class by name, nullptr or
  // "" for the method's default (and, for the schema, pg_catalog).
  const char* const* opclass_schemas;
  const char* const* opclass_names;
  List* predicate;            // implicit-AND list, Vars with varno 1; NIL if not partial
  double tuples;              // index entries
  double bytes;               // estimated size
};

// nullptr when a key has no operator class of the method (none named and
// no default for its type, or the named one is missing or takes another
// type): the candidate cannot be that index. May elog(ERROR).
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
