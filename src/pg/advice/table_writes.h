// How fast the tracked statements write each table (calls × rows of their
// INSERT, UPDATE and DELETE statements in the store, over the time since
// the statistics were reset): the write cost of an index, measured rather
// than read from the cumulative table statistics.
#pragma once

#include <string>
#include <vector>

namespace insights::pg {

struct TableWrite {
  std::string schema;  // empty when the statement did not qualify the name
  std::string table;
  double rows = 0;     // rows written since the statistics were reset
};

struct TrackedWrites {
  std::vector<TableWrite> writes;
  double window_hours = 0;  // since the store's stats_since
};

// The current database's write statements, every role's (only counts leave
// the store, as pg_stat_user_tables shows them to everyone). A statement
// whose stored text does not parse (truncated) is left out. ERROR without
// the preloaded library.
TrackedWrites tracked_writes();

// Rows written per hour to schema.table: statements naming the table with
// this schema, or without one (their search_path is not known here).
double rows_written_per_hour(const TrackedWrites& writes, const std::string& schema, const std::string& table);

}  // namespace insights::pg
