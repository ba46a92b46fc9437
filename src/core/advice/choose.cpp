// The size of a candidate index and the final, greedy choice among the
// candidates the planner validated.
#include <algorithm>
#include <cmath>

#include "core/advice/candidates.h"

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
// The write penalty stops growing at this many rows written per row read.
constexpr double kMaxWritePenaltyRatio = 4.0;
constexpr double kWritePenaltyPointsPerRatio = 10.0;

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

double required_improvement_pct(double min_improvement_pct, double write_ratio) {
  const double ratio = std::clamp(write_ratio, 0.0, kMaxWritePenaltyRatio);
  return min_improvement_pct + ratio * kWritePenaltyPointsPerRatio;
}

std::vector<std::size_t> choose(const std::vector<Evaluation>& evals, double min_improvement_pct) {
  std::vector<std::size_t> eligible;
  for (std::size_t i = 0; i < evals.size(); ++i) {
    // Written so that a NaN improvement is dropped too.
    // An index must gain something, whatever the threshold (0 included).
    const double gain = evals[i].improvement_pct();
    if (gain > 0.0 && gain >= required_improvement_pct(min_improvement_pct, evals[i].write_ratio)) {
      eligible.push_back(i);
    }
  }
  auto benefit_per_byte = [&](std::size_t i) {
    const double bytes = evals[i].bytes > 1.0 ? evals[i].bytes : 1.0;
    return (evals[i].cost_before - evals[i].cost_after) / bytes;
  };
  std::stable_sort(eligible.begin(), eligible.end(),
                   [&](std::size_t a, std::size_t b) { return benefit_per_byte(a) > benefit_per_byte(b); });

  std::vector<std::size_t> chosen;
  for (std::size_t i : eligible) {
    const IndexCandidate& candidate = evals[i].candidate;
    auto served_by_chosen = [&](int statement) {
      return std::any_of(chosen.begin(), chosen.end(), [&](std::size_t c) {
        const IndexCandidate& other = evals[c].candidate;
        return other.table_oid == candidate.table_oid &&
               std::binary_search(other.statements.begin(), other.statements.end(), statement);
      });
    };
    if (std::all_of(candidate.statements.begin(), candidate.statements.end(), served_by_chosen)) continue;
    chosen.push_back(i);
  }
  return chosen;
}

}  // namespace insights::advice
