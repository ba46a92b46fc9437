#include "core/advice/index_size.h"

#include <algorithm>
#include <cmath>

namespace insights::advice {
namespace {

constexpr double kPageBytes = 8192.0;
// A B-tree leaf page holds 8192 bytes less the page header (24) and the
// B-tree special space (16), filled to 90% by CREATE INDEX.
constexpr double kLeafBytesUsed = (8192.0 - 24.0 - 16.0) * 0.90;
constexpr double kIndexTupleHeaderBytes = 8.0;  // IndexTupleData
constexpr double kLinePointerBytes = 4.0;       // ItemIdData
constexpr double kMaxAlign = 8.0;
// PostgreSQL's own width guess for a variable-width value (get_typavgwidth).
constexpr double kUnknownWidthBytes = 32.0;

double column_width(const std::string& column, const TableInfo& table) {
  const ColumnInfo* info = table.column(column);
  return info != nullptr ? info->avg_width : kUnknownWidthBytes;
}

}  // namespace

double estimate_index_bytes(const IndexCandidate& candidate, const TableInfo& table) {
  double data_bytes = 0.0;
  for (const IndexKey& key : candidate.keys) {
    data_bytes += key.term.is_expression ? kUnknownWidthBytes : column_width(key.term.column, table);
  }
  for (const std::string& column : candidate.include) data_bytes += column_width(column, table);
  const double tuple_bytes = std::ceil((kIndexTupleHeaderBytes + data_bytes) / kMaxAlign) * kMaxAlign;
  const double entry_bytes = tuple_bytes + kLinePointerBytes;

  double kept = candidate.predicate_selectivity;
  if (!(kept >= 0.0 && kept <= 1.0)) kept = 1.0;  // unknown or nonsense: the whole table
  const double entries = std::max(table.rows, 0.0) * kept;
  return std::max(kPageBytes, entries * entry_bytes / kLeafBytesUsed * kPageBytes);
}

}  // namespace insights::advice
