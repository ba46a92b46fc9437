// candidates_for: the indexes that could serve one statement's access to one
// table (rules in candidates.h).
#include "core/advice/candidates.h"
#include "core/advice/index_candidate.h"
#include "core/advice/merge.h"

#include <algorithm>
#include <optional>

namespace insights::advice {
namespace {

// PostgreSQL's own guesses when statistics are missing: DEFAULT_NUM_DISTINCT
// distinct values, DEFAULT_INEQ_SEL for a range comparison.
constexpr double kDefaultDistinctValues = 200.0;
constexpr double kDefaultRangeSelectivity = 1.0 / 3.0;

// One value of an equality predicate pins the term: it is constant in the
// result, so it is never needed as a range or sort key. IN and the
// not-null test leave several values.
bool pins_one_value(Op op) {
  return op == Op::kEq || op == Op::kIsNull || op == Op::kIsTrue || op == Op::kIsFalse;
}

// Without evidence from the samples: applications hard-code enum-like
// values (status = 'pending', active, deleted_at IS NULL) but pass ids,
// emails and dates, which take many values. So: tests without a value, and
// columns with few distinct values.
bool value_looks_fixed(const Predicate& p, const TableInfo& table) {
  if (p.op == Op::kIsNull || p.op == Op::kIsNotNull || p.op == Op::kIsTrue || p.op == Op::kIsFalse) return true;
  if (p.term.is_expression) return false;
  const ColumnInfo* column = table.column(p.term.column);
  if (column == nullptr || column->n_distinct == 0) return false;
  const double distinct = column->n_distinct > 0 ? column->n_distinct : -column->n_distinct * table.rows;
  return distinct <= kMaxPartialDistinctValues;
}

bool value_fixed(const Predicate& p, const TableInfo& table) {
  switch (p.value) {
    case ValueEvidence::kFixed: return true;
    case ValueEvidence::kVaries: return false;
    case ValueEvidence::kUnknown: return value_looks_fixed(p, table);
  }
  return false;
}

bool can_be_partial(const Predicate& p, const TableInfo& table) {
  return p.immutable && !p.constant_sql.empty() && (is_equality(p.op) || p.op == Op::kIsNotNull) &&
         p.selectivity >= 0.0 && p.selectivity <= kMaxPartialSelectivity && value_fixed(p, table);
}

// The most selective predicate that may become the index's WHERE (the
// first one on ties), or nullptr.
const Predicate* choose_partial_predicate(const TableAccess& access, const TableInfo& table) {
  const Predicate* best = nullptr;
  for (const Predicate& p : access.predicates) {
    if (can_be_partial(p, table) && (best == nullptr || p.selectivity < best->selectivity)) best = &p;
  }
  return best;
}

// Fraction of the table's rows one value of the term matches (smaller is
// more selective), from pg_stats.n_distinct.
double rows_fraction_per_value(const KeyTerm& term, const TableInfo& table) {
  double distinct = kDefaultDistinctValues;
  const ColumnInfo* info = term.is_expression ? nullptr : table.column(term.column);
  if (info != nullptr && info->n_distinct > 0) distinct = info->n_distinct;
  if (info != nullptr && info->n_distinct < 0) distinct = -info->n_distinct * table.rows;
  return 1.0 / std::max(distinct, 1.0);
}

bool contains(const std::vector<KeyTerm>& terms, const KeyTerm& term) {
  return std::find(terms.begin(), terms.end(), term) != terms.end();
}

struct EqualityTerm {
  KeyTerm term;
  bool pinned = false;          // some predicate pins it to one value (else IN)
  double known_selectivity = 1.0;  // the best selectivity of its predicates; 1 when none is known
};

// Equality and IN terms, most selective first. `leaves_key` is the
// partial predicate's term when that predicate takes it out of the key.
std::vector<EqualityTerm> equality_terms(const TableAccess& access, const TableInfo& table,
                                         const KeyTerm* leaves_key) {
  std::vector<EqualityTerm> terms;
  auto add = [&](const KeyTerm& term, bool pinned, double selectivity) {
    if (leaves_key != nullptr && term == *leaves_key) return;
    auto same = [&](const EqualityTerm& t) { return t.term == term; };
    auto it = std::find_if(terms.begin(), terms.end(), same);
    if (it == terms.end()) it = terms.insert(terms.end(), EqualityTerm{term});
    it->pinned = it->pinned || pinned;
    if (selectivity >= 0.0) it->known_selectivity = std::min(it->known_selectivity, selectivity);
  };
  for (const Predicate& p : access.predicates) {
    if (p.immutable && is_equality(p.op)) add(p.term, pins_one_value(p.op), p.selectivity);
  }

  auto more_selective = [&](const EqualityTerm& a, const EqualityTerm& b) {
    const double fa = rows_fraction_per_value(a.term, table);
    const double fb = rows_fraction_per_value(b.term, table);
    if (fa != fb) return fa < fb;
    return a.known_selectivity < b.known_selectivity;
  };
  std::stable_sort(terms.begin(), terms.end(), more_selective);
  return terms;
}

// The most selective range term not already a key and not pinned.
std::optional<KeyTerm> range_term(const TableAccess& access, const std::vector<KeyTerm>& excluded) {
  const Predicate* best = nullptr;
  double best_selectivity = 0.0;
  for (const Predicate& p : access.predicates) {
    if (!p.immutable || !is_range(p.op) || contains(excluded, p.term)) continue;
    const double selectivity = p.selectivity >= 0.0 ? p.selectivity : kDefaultRangeSelectivity;
    if (best == nullptr || selectivity < best_selectivity) {
      best = &p;
      best_selectivity = selectivity;
    }
  }
  if (best == nullptr) return std::nullopt;
  return best->term;
}

// The sort keys an index must have to return rows in the statement's order,
// leaving out pinned terms; nullopt when some sort column is not this
// table's (TableInfo does not know it), so no index on it gives the order.
std::optional<std::vector<IndexKey>> order_keys(const TableAccess& access, const TableInfo& table,
                                                const std::vector<KeyTerm>& pinned) {
  std::vector<IndexKey> keys;
  for (const SortKey& s : access.order_by) {
    if (!s.term.is_expression && table.column(s.term.column) == nullptr) return std::nullopt;
    if (contains(pinned, s.term)) continue;
    keys.push_back(IndexKey{s.term, s.descending, s.nulls_first});
  }
  return keys;
}

// The columns the statement reads that the keys do not hold, sorted so the
// same set read by different statements gives the same candidate; nullopt
// when they are too many or too wide to INCLUDE.
// A column the partial predicate pins to one value need not be stored:
// PostgreSQL's index-only scan knows it from the predicate.
std::optional<std::vector<std::string>> include_columns(const TableAccess& access, const TableInfo& table,
                                                        const std::vector<IndexKey>& keys, const KeyTerm* pinned_by_predicate) {
  std::vector<std::string> include;
  for (const std::string& column : access.columns_read) {
    const KeyTerm term = KeyTerm::of_column(column);
    auto is_key = [&](const IndexKey& k) { return k.term == term; };
    if (std::any_of(keys.begin(), keys.end(), is_key)) continue;
    if (pinned_by_predicate != nullptr && *pinned_by_predicate == term) continue;
    if (std::find(include.begin(), include.end(), column) != include.end()) continue;
    const ColumnInfo* info = table.column(column);
    if (info == nullptr || info->avg_width > kMaxIncludeWidth) return std::nullopt;
    include.push_back(column);
  }
  if (include.size() > static_cast<std::size_t>(kMaxIncludeColumns)) return std::nullopt;
  std::sort(include.begin(), include.end());
  return include;
}

}  // namespace

std::vector<IndexCandidate> candidates_for(int statement_id, const TableAccess& access, const TableInfo& table) {
  const Predicate* partial = choose_partial_predicate(access, table);
  // A pinned term used as the WHERE needs no key; IS NOT NULL pins nothing,
  // so its term stays available as a range or sort key.
  const KeyTerm* leaves_key = partial != nullptr && is_equality(partial->op) ? &partial->term : nullptr;

  std::vector<KeyTerm> pinned;
  for (const Predicate& p : access.predicates) {
    if (p.immutable && pins_one_value(p.op) && !contains(pinned, p.term)) pinned.push_back(p.term);
  }

  const std::vector<EqualityTerm> equalities = equality_terms(access, table, leaves_key);
  std::vector<IndexKey> keys;
  std::vector<KeyTerm> not_range = pinned;
  for (const EqualityTerm& e : equalities) {
    keys.push_back(IndexKey{e.term});
    not_range.push_back(e.term);
  }

  // After the equality keys, one range term or the ORDER BY keys. An IN key
  // makes the index return one sorted run per value, not the statement's
  // order. The order wins when a LIMIT lets the scan stop early, or when it
  // starts with the range term and so serves both; otherwise the range
  // filters more.
  const std::optional<KeyTerm> range = range_term(access, not_range);
  const std::optional<std::vector<IndexKey>> order = order_keys(access, table, pinned);
  const bool order_servable = order && !order->empty() &&
                              std::all_of(equalities.begin(), equalities.end(),
                                          [](const EqualityTerm& e) { return e.pinned; });
  if (order_servable && (access.has_limit || !range || order->front().term == *range)) {
    keys.insert(keys.end(), order->begin(), order->end());
  } else if (range) {
    keys.push_back(IndexKey{*range});
  }
  if (keys.size() > static_cast<std::size_t>(kMaxKeyColumns)) keys.resize(kMaxKeyColumns);
  // An index needs a key: a selective predicate alone still makes one, on
  // its own term (CREATE INDEX ... (status) WHERE status = 'pending').
  if (keys.empty() && partial != nullptr) keys.push_back(IndexKey{partial->term});

  IndexCandidate base;
  base.table_oid = access.table_oid;
  base.schema = access.schema;
  base.table = access.table;
  base.on_partitioned_table = table.partitions > 0;
  if (partial != nullptr) {
    base.predicate_sql = partial->constant_sql;
    base.predicate_selectivity = partial->selectivity;
  }
  base.statements = {statement_id};

  std::vector<IndexCandidate> result;
  if (!keys.empty()) {
    IndexCandidate plain = base;
    plain.keys = std::move(keys);
    plain.equality_keys = static_cast<int>(std::min(equalities.size(), plain.keys.size()));
    const KeyTerm* pinned_by_predicate = partial != nullptr && pins_one_value(partial->op) ? &partial->term : nullptr;
    std::optional<std::vector<std::string>> include = include_columns(access, table, plain.keys, pinned_by_predicate);
    result.push_back(plain);
    if (include && !include->empty()) {
      IndexCandidate covering = std::move(plain);
      covering.include = std::move(*include);
      result.push_back(std::move(covering));
    }
  }

  // Join keys, each as its own candidate: which side of the join an index
  // should serve (the inner side of a nested loop) is the planner's call,
  // so it weighs each. The table's pinned equality terms follow the join
  // column. A join column some index already leads with (a primary key)
  // needs nothing.
  for (const std::string& column : access.join_columns) {
    IndexCandidate join = base;
    join.keys.push_back(IndexKey{KeyTerm::of_column(column)});
    if (served_by_any(join, table.indexes)) continue;
    for (const EqualityTerm& e : equalities)
      if (e.pinned && e.term != join.keys.front().term && join.keys.size() < static_cast<std::size_t>(kMaxKeyColumns))
        join.keys.push_back(IndexKey{e.term});
    join.equality_keys = static_cast<int>(join.keys.size());
    const bool duplicate = std::any_of(result.begin(), result.end(), [&](const IndexCandidate& c) {
      return c.keys == join.keys && c.include.empty();
    });
    if (!duplicate) result.push_back(std::move(join));
  }
  return result;
}

}  // namespace insights::advice
