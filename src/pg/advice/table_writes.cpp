// The tracked statements' write rate per table. The store is copied under
// its lock (plain C copies in store_scan's callback); the texts are parsed
// by PostgreSQL's own raw parser after it, each in a subtransaction (a text
// that does not parse is skipped).
#include "pg/advice/table_writes.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "pg/guard.h"
#include "pg/stats/store.h"

extern "C" {
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/timestamp.h"
}

namespace insights::pg {
namespace {

constexpr double kMicrosecondsPerHour = 3600.0 * 1e6;
// A window shorter than this (a reset a moment ago) counts as this long.
constexpr double kMinWindowHours = 1.0 / 3600.0;

struct RawWrite {
  char* text;  // NUL-terminated copy
  double rows;
};

struct WriteCopy {
  List* writes;  // RawWrite*
  Oid database;
};

// Whether the text starts like a write: INSERT, UPDATE, DELETE, or WITH (a
// write may follow its common table expressions).
bool may_write(const char* text, std::uint32_t length) {
  std::uint32_t i = 0;
  while (i < length && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == '(')) ++i;
  auto starts = [&](const char* word) {
    const std::size_t n = std::strlen(word);
    return length - i >= n && pg_strncasecmp(text + i, word, n) == 0;
  };
  return starts("insert") || starts("update") || starts("delete") || starts("with");
}

void copy_write(const EntrySnapshot& s, void* arg) {
  auto* copy = static_cast<WriteCopy*>(arg);
  if (s.key.dbid != copy->database || s.text == nullptr || s.text_truncated || s.counters.rows <= 0) return;
  if (!may_write(s.text, s.text_length)) return;
  auto* raw = static_cast<RawWrite*>(palloc(sizeof(RawWrite)));
  raw->text = pnstrdup(s.text, s.text_length);
  raw->rows = static_cast<double>(s.counters.rows);
  copy->writes = lappend(copy->writes, raw);
}

// The table an INSERT, UPDATE or DELETE writes (PostgreSQL-style: may ERROR).
const RangeVar* written_relation(const char* text) {
  List* parsed = raw_parser(text, RAW_PARSE_DEFAULT);
  if (list_length(parsed) != 1) return nullptr;
  Node* stmt = linitial_node(RawStmt, parsed)->stmt;
  switch (nodeTag(stmt)) {
    case T_InsertStmt:
      return castNode(InsertStmt, stmt)->relation;
    case T_UpdateStmt:
      return castNode(UpdateStmt, stmt)->relation;
    case T_DeleteStmt:
      return castNode(DeleteStmt, stmt)->relation;
    default:
      return nullptr;
  }
}

}  // namespace

TrackedWrites tracked_writes() {
  WriteCopy copy{NIL, InvalidOid};
  TimestampTz since = 0, now = 0;
  pg_call([&] {
    store_require();
    copy.database = MyDatabaseId;
    store_scan(copy_write, &copy);
    since = store_stats_since();
    now = GetCurrentTimestamp();
  });
  TrackedWrites out;
  out.window_hours = std::max(static_cast<double>(now - since) / kMicrosecondsPerHour, kMinWindowHours);
  ListCell* lc;
  foreach (lc, copy.writes) {
    const auto* raw = static_cast<const RawWrite*>(lfirst(lc));
    const RangeVar* relation = nullptr;
    if (pg_call_in_subtransaction([&] { relation = written_relation(raw->text); }) != nullptr || relation == nullptr)
      continue;
    TableWrite w;
    if (relation->schemaname != nullptr) w.schema = relation->schemaname;
    w.table = relation->relname;
    w.rows = raw->rows;
    out.writes.push_back(std::move(w));
  }
  return out;
}

double rows_written_per_hour(const TrackedWrites& writes, const std::string& schema, const std::string& table) {
  double rows = 0;
  for (const TableWrite& w : writes.writes)
    if (w.table == table && (w.schema.empty() || w.schema == schema)) rows += w.rows;
  return writes.window_hours > 0 ? rows / writes.window_hours : 0;
}

}  // namespace insights::pg
