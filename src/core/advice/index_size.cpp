#include "core/advice/index_size.h"

#include <algorithm>
#include <cmath>

namespace insights::advice {
namespace {

constexpr double kPageBytes = 8192.0;
constexpr double kPageHeaderBytes = 24.0;
// A B-tree leaf page holds 8192 bytes less the page header and the B-tree
// special space (16), filled to 90% by CREATE INDEX.
constexpr double kLeafBytesUsed = (kPageBytes - kPageHeaderBytes - 16.0) * 0.90;
// GIN pages have an 8-byte special space. Posting lists and trees fill
// them to 90%; the entry tree, built by inserting keys one by one in
// order, splits its pages in halves: about 60% full.
constexpr double kGinPostingBytesUsed = (kPageBytes - kPageHeaderBytes - 8.0) * 0.90;
constexpr double kGinEntryBytesUsed = (kPageBytes - kPageHeaderBytes - 8.0) * 0.60;
constexpr double kFirstItemPointerBytes = 6.0;  // an entry tuple holds its first item pointer uncompressed
// BRIN regular pages have an 8-byte special space and are filled whole.
constexpr double kBrinBytesUsed = kPageBytes - kPageHeaderBytes - 8.0;
constexpr double kIndexTupleHeaderBytes = 8.0;  // IndexTupleData
constexpr double kLinePointerBytes = 4.0;       // ItemIdData
constexpr double kMaxAlign = 8.0;
// PostgreSQL's own width guess for a variable-width value (get_typavgwidth).
constexpr double kUnknownWidthBytes = 32.0;

// GIN.
constexpr double kPostingItemBytes = 3.0;  // a varbyte-compressed item pointer (gincostestimate's guess)
constexpr double kTrigramKeyBytes = 4.0;   // gin_trgm_ops stores a trigram as an int4
constexpr double kJsonbPathHashBytes = 4.0;  // jsonb_path_ops stores a hash per path
constexpr double kJsonbPathBytesPerKey = 20.0;
constexpr double kElementKeyBytes = 8.0;
constexpr double kElementBytesPerKey = 10.0;

// BRIN.
constexpr double kBrinRangesPerMapPage = 1360.0;  // REVMAP_PAGE_MAXITEMS for 8 kB pages
constexpr double kBrinTupleExtraBytes = 8.0;  // block number, null bitmap, padding
constexpr double kBrinMinPages = 3.0;

double column_width(const std::string& column, const TableInfo& table) {
  const ColumnInfo* info = table.column(column);
  return info != nullptr ? info->avg_width : kUnknownWidthBytes;
}

double key_width(const IndexKey& key, const TableInfo& table) {
  return key.term.is_expression ? kUnknownWidthBytes : column_width(key.term.column, table);
}

// Distinct values of a key's column (pg_stats.n_distinct), or every row
// when unknown (an expression, no statistics).
double distinct_values(const IndexKey& key, const TableInfo& table, double rows) {
  const ColumnInfo* info = key.term.is_expression ? nullptr : table.column(key.term.column);
  if (info == nullptr || info->n_distinct == 0) return rows;
  return info->n_distinct > 0 ? info->n_distinct : -info->n_distinct * rows;
}

double aligned(double bytes) { return std::ceil(bytes / kMaxAlign) * kMaxAlign; }

double indexed_rows(const IndexCandidate& candidate, const TableInfo& table) {
  double kept = candidate.predicate_selectivity;
  if (!(kept >= 0.0 && kept <= 1.0)) kept = 1.0;  // unknown or nonsense: the whole table
  return std::max(table.rows, 0.0) * kept;
}

double btree_bytes(const IndexCandidate& candidate, const TableInfo& table) {
  double data_bytes = 0.0;
  for (const IndexKey& key : candidate.keys) data_bytes += key_width(key, table);
  for (const std::string& column : candidate.include) data_bytes += column_width(column, table);
  const double entry_bytes = aligned(kIndexTupleHeaderBytes + data_bytes) + kLinePointerBytes;
  return std::max(kPageBytes, indexed_rows(candidate, table) * entry_bytes / kLeafBytesUsed * kPageBytes);
}

double gin_bytes(const IndexCandidate& candidate, const TableInfo& table) {
  const double rows = indexed_rows(candidate, table);
  double items = 0.0;
  double entry_bytes = 0.0;
  for (const IndexKey& key : candidate.keys) {
    const double width = key_width(key, table);
    double keys_per_row, key_bytes, distinct;
    if (key.opclass.name == "gin_trgm_ops") {
      keys_per_row = std::max(1.0, width);
      key_bytes = kTrigramKeyBytes;
      distinct = std::min(rows * keys_per_row, kDistinctTrigrams);
    } else {
      const bool path_hashes = key.opclass.name == "jsonb_path_ops";
      keys_per_row = std::max(1.0, width / (path_hashes ? kJsonbPathBytesPerKey : kElementBytesPerKey));
      key_bytes = path_hashes ? kJsonbPathHashBytes : kElementKeyBytes;
      // As many distinct keys per distinct value as a value has keys, and
      // never more than one new key per row.
      distinct = std::min(distinct_values(key, table, rows) * keys_per_row, rows);
    }
    items += rows * keys_per_row;
    entry_bytes += distinct * (aligned(kIndexTupleHeaderBytes + key_bytes + kFirstItemPointerBytes) + kLinePointerBytes);
  }
  const double data_pages =
      std::ceil(entry_bytes / kGinEntryBytesUsed) + std::ceil(items * kPostingItemBytes / kGinPostingBytesUsed);
  return std::max(2.0, 1.0 + data_pages) * kPageBytes;
}

double brin_bytes(const IndexCandidate& candidate, const TableInfo& table) {
  const double ranges = std::max(1.0, std::ceil(std::max(table.pages, 0.0) / kBrinPagesPerRange));
  double values_bytes = 0.0;
  for (const IndexKey& key : candidate.keys) values_bytes += 2.0 * key_width(key, table);
  const double tuple_bytes = aligned(kIndexTupleHeaderBytes + values_bytes + kBrinTupleExtraBytes) + kLinePointerBytes;
  const double map_pages = std::ceil(ranges / kBrinRangesPerMapPage);
  const double regular_pages = std::ceil(ranges * tuple_bytes / kBrinBytesUsed);
  return std::max(kBrinMinPages, 1.0 + map_pages + regular_pages) * kPageBytes;
}

}  // namespace

double estimate_index_bytes(const IndexCandidate& candidate, const TableInfo& table) {
  switch (candidate.method) {
    case IndexMethod::kGin: return gin_bytes(candidate, table);
    case IndexMethod::kBrin: return brin_bytes(candidate, table);
    case IndexMethod::kBtree: break;
  }
  return btree_bytes(candidate, table);
}

}  // namespace insights::advice
