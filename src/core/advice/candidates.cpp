// candidates_for: the indexes that could serve one statement's access to one
// table (rules in candidates.h).
#include "core/advice/candidates.h"
#include "core/advice/index_candidate.h"
#include "core/advice/merge.h"

#include <algorithm>
#include <cmath>
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

// The most selective range predicate whose term is not already a key and
// not pinned, or nullptr.
const Predicate* range_predicate(const TableAccess& access, const std::vector<KeyTerm>& excluded) {
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
  return best;
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

// One GIN candidate per term that GIN operators compare (rules in
// candidates.h). The opclass of a jsonb term: jsonb_path_ops when every
// predicate on it is a containment (or jsonpath) test, the default
// jsonb_ops as soon as one tests a key's existence, which jsonb_path_ops
// cannot serve.
std::vector<IndexCandidate> gin_candidates(const TableAccess& access, const IndexCandidate& base,
                                           const Predicate* partial) {
  std::vector<IndexCandidate> result;
  for (const Predicate& p : access.predicates) {
    if (!p.immutable || !is_gin(p.op)) continue;
    auto same_term = [&](const IndexCandidate& c) { return c.keys.front().term == p.term; };
    auto existing = std::find_if(result.begin(), result.end(), same_term);
    if (existing != result.end()) {
      if (p.op == Op::kJsonbExists) existing->keys.front().opclass = OperatorClass{};
      continue;
    }
    IndexCandidate gin = base;
    gin.method = IndexMethod::kGin;
    // A partial predicate on the GIN term itself would leave nothing to search.
    if (partial != nullptr && partial->term == p.term) {
      gin.predicate_sql.clear();
      gin.predicate_selectivity = 1.0;
    }
    IndexKey key{p.term};
    key.opclass = p.opclass;
    gin.keys = {std::move(key)};
    gin.missing_extension = p.missing_extension;
    result.push_back(std::move(gin));
  }
  return result;
}

// Whether the table is large, appended to rather than rewritten, and
// physically ordered by the column, so that a BRIN index's block ranges
// each hold a narrow band of its values.
bool brin_serves(const KeyTerm& term, const TableInfo& table) {
  if (term.is_expression || table.pages < kMinBrinTablePages || table.churn_ratio > kMaxBrinChurnRatio) return false;
  const ColumnInfo* column = table.column(term.column);
  return column != nullptr && std::abs(column->correlation) >= kMinBrinCorrelation;
}

// The fraction of rows the range predicates on the term keep together: a
// lower and an upper bound overlap (s_lower + s_upper - 1, as PostgreSQL's
// clauselist_selectivity reckons a range pair); negative when a bound's
// selectivity is unknown.
double range_selectivity(const TableAccess& access, const KeyTerm& term) {
  double lower = 1.0, upper = 1.0;
  for (const Predicate& p : access.predicates) {
    if (!p.immutable || p.term != term || !is_range(p.op) || p.op == Op::kLikePrefix) continue;
    if (p.selectivity < 0.0) return -1.0;
    double& bound = p.op == Op::kGt || p.op == Op::kGe ? lower : upper;
    bound = std::min(bound, p.selectivity);
  }
  return std::max(lower + upper - 1.0, 0.0);
}

// Whether a BRIN index on the range predicate's column should stand in for
// a B-tree whose only key is that column: brin_serves() it, and the range
// spans at least one block range of the table (BRIN reads whole ranges of
// kBrinPagesPerRange pages; for a narrower range a B-tree reads far less).
// A range of unknown selectivity (compared with now()) keeps the B-tree.
bool brin_instead_of_btree(const TableAccess& access, const Predicate& range, const TableInfo& table) {
  if (range.op == Op::kLikePrefix || !brin_serves(range.term, table)) return false;
  const double selectivity = range_selectivity(access, range.term);
  return selectivity >= 0.0 && selectivity * table.pages >= kBrinPagesPerRange;
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
  // A LIKE 'prefix%' range under a non-C collation needs a pattern
  // operator class, whose order is not the collation's: it serves no sort.
  const Predicate* range = range_predicate(access, not_range);
  const std::optional<std::vector<IndexKey>> order = order_keys(access, table, pinned);
  const bool order_servable = order && !order->empty() &&
                              std::all_of(equalities.begin(), equalities.end(),
                                          [](const EqualityTerm& e) { return e.pinned; });
  if (order_servable && (access.has_limit || range == nullptr ||
                         (order->front().term == range->term && range->opclass.is_default()))) {
    keys.insert(keys.end(), order->begin(), order->end());
  } else if (range != nullptr) {
    IndexKey key{range->term};
    key.opclass = range->opclass;
    keys.push_back(std::move(key));
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
  // A partial B-tree is small already: BRIN stands in only for a whole-table one.
  if (keys.size() == 1 && range != nullptr && partial == nullptr && keys.front().term == range->term &&
      brin_instead_of_btree(access, *range, table)) {
    // Never partial: a BRIN index is tiny, a WHERE would save nothing.
    IndexCandidate brin = base;
    brin.method = IndexMethod::kBrin;
    brin.keys = {IndexKey{range->term}};
    brin.predicate_sql.clear();
    brin.predicate_selectivity = 1.0;
    result.push_back(std::move(brin));
  } else if (!keys.empty()) {
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

  for (IndexCandidate& gin : gin_candidates(access, base, partial)) result.push_back(std::move(gin));
  return result;
}

}  // namespace insights::advice
