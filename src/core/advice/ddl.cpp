// An index candidate as text: its DDL, its name, and how it is displayed.
#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "core/advice/ddl.h"
#include "core/advice/index_candidate.h"
#include "core/advice/index_text.h"
#include "core/fnv1a.h"

namespace insights::advice {
namespace {

constexpr std::size_t kMaxNameBytes = 63;  // NAMEDATALEN - 1

std::string always_quoted(std::string_view identifier) {
  std::string quoted = "\"";
  for (char ch : identifier) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  return quoted;
}

std::string unquoted(std::string_view identifier) { return std::string(identifier); }

std::string keys_text(const std::vector<IndexKey>& keys, const QuoteIdent& quote_ident) {
  std::string text;
  for (const IndexKey& key : keys) {
    if (!text.empty()) text += ", ";
    text += key_text(key, quote_ident);
  }
  return text;
}

// Lowercase ASCII letters and digits kept, every other byte folded to '_',
// runs of '_' collapsed, none at either end: "Order Items" -> "order_items",
// lower("Email") -> "lower_email".
std::string folded_for_name(std::string_view text) {
  std::string out;
  for (char ch : text) {
    // ASCII by hand: <cctype> would follow the server's locale.
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    const char folded = keep ? ch : '_';
    if (folded == '_' && (out.empty() || out.back() == '_')) continue;
    out += folded;
  }
  if (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// FNV-1a: stable across builds and platforms, unlike std::hash, so a name
// never changes between releases.
std::uint32_t definition_hash(std::string_view text) {
  const std::uint64_t h = fnv1a(text);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

}  // namespace

std::string key_text(const IndexKey& key, const QuoteIdent& quote_ident) {
  std::string text = key.term.is_expression ? fmt::format("({})", key.term.expression) : quote_ident(key.term.column);
  if (!key.opclass.is_default()) {
    text += ' ';
    if (!key.opclass.schema.empty()) text += quote_ident(key.opclass.schema) + ".";
    text += quote_ident(key.opclass.name);
  }
  if (key.descending) text += " DESC";
  // The default is NULLS LAST ascending and NULLS FIRST descending.
  if (key.nulls_first != key.descending) text += key.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return text;
}

std::string index_definition(const IndexCandidate& candidate, const QuoteIdent& quote_ident) {
  std::string text = "ON ";
  if (!candidate.schema.empty()) text += quote_ident(candidate.schema) + ".";
  text += quote_ident(candidate.table);
  // B-tree is CREATE INDEX's default: its DDL reads as it always did.
  if (candidate.method != IndexMethod::kBtree) text += fmt::format(" USING {}", method_name(candidate.method));
  text += fmt::format(" ({})", keys_text(candidate.keys, quote_ident));
  if (candidate.is_covering()) {
    std::string columns;
    for (const std::string& column : candidate.include) {
      if (!columns.empty()) columns += ", ";
      columns += quote_ident(column);
    }
    text += fmt::format(" INCLUDE ({})", columns);
  }
  if (candidate.is_partial()) text += fmt::format(" WHERE {}", candidate.predicate_sql);
  return text;
}

std::string canonical_definition(const IndexCandidate& candidate) {
  return index_definition(candidate, always_quoted);
}

bool IndexCandidate::has_expression() const {
  for (const IndexKey& key : keys) {
    if (key.term.is_expression) return true;
  }
  return false;
}

std::string IndexCandidate::kind() const {
  std::string kind;
  auto add = [&](bool present, const char* feature) {
    if (!present) return;
    if (!kind.empty()) kind += '+';
    kind += feature;
  };
  if (method != IndexMethod::kBtree) kind = method_name(method);
  add(keys.size() > 1, "composite");
  add(is_partial(), "partial");
  add(is_covering(), "covering");
  add(has_expression(), "expression");
  add(method == IndexMethod::kBtree &&
          std::any_of(keys.begin(), keys.end(), [](const IndexKey& k) { return !k.opclass.is_default(); }),
      "pattern");
  return kind.empty() ? "btree" : kind;
}

std::string IndexCandidate::columns_text() const { return keys_text(keys, unquoted); }

// <table>_<key terms>[_incl][_part]_<hash>_idx. The hash of the full
// definition is always there: the readable part loses directions,
// expressions' punctuation and the predicate, and PostgreSQL's default
// names (orders_customer_id_idx) are often taken already.
std::string index_name(const IndexCandidate& candidate) {
  std::string readable = folded_for_name(candidate.table);
  auto append = [&](std::string_view part) {
    const std::string folded = folded_for_name(part);
    if (folded.empty()) return;
    if (!readable.empty()) readable += '_';
    readable += folded;
  };
  for (const IndexKey& key : candidate.keys) append(key.term.is_expression ? key.term.expression : key.term.column);
  if (candidate.is_covering()) append("incl");
  if (candidate.method != IndexMethod::kBtree) append(method_name(candidate.method));
  if (candidate.is_partial()) append("part");

  const std::string suffix = fmt::format("_{:08x}_idx", definition_hash(canonical_definition(candidate)));
  const std::size_t room = kMaxNameBytes - suffix.size();
  if (readable.size() > room) readable.resize(room);
  while (!readable.empty() && readable.back() == '_') readable.pop_back();
  if (readable.empty()) readable = "index";
  return readable + suffix;
}

std::string create_index_ddl(const IndexCandidate& candidate,
                             const std::function<std::string(std::string_view)>& quote_ident) {
  // PostgreSQL refuses CONCURRENTLY on a partitioned table: one plain
  // statement that runs, its lock and the non-blocking recipe told by
  // partitioned_ddl_note().
  return fmt::format("CREATE INDEX {}{} {};", candidate.on_partitioned_table ? "" : "CONCURRENTLY ",
                     quote_ident(index_name(candidate)), index_definition(candidate, quote_ident));
}

std::string partitioned_ddl_note(const IndexCandidate& candidate, int partitions) {
  if (!candidate.on_partitioned_table) return "";
  return fmt::format(
      "; on a partitioned table: the index is created on each of its {} partition{} (matching indexes already "
      "there are attached, not rebuilt), and blocks writes to the table while it builds, since CONCURRENTLY is "
      "not supported there; without blocking: CREATE INDEX ... ON ONLY the table, CREATE INDEX CONCURRENTLY on "
      "each partition, then ALTER INDEX ... ATTACH PARTITION each of them",
      partitions, partitions == 1 ? "" : "s");
}

}  // namespace insights::advice
