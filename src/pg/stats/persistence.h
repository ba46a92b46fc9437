// Keeping the statistics across a clean restart (insights.save): the file
// format and what the loader refuses are at the top of persistence.cpp.
#pragma once

namespace insights::pg {

// At postmaster start, from the store's shared-memory set-up: loads
// PGDATA/pg_stat/pg_insights.stat if there is one (one WARNING and an empty
// store when it is not a file pg_insights wrote), and registers the save
// at a clean shutdown.
void store_load_file();
// At a clean shutdown (postmaster only).
void store_save_file();

}  // namespace insights::pg
