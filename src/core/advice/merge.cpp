// Which indexes already serve a candidate, and the workload merge.
#include <algorithm>
#include <iterator>

#include "core/advice/candidates.h"
#include "core/advice/index_candidate.h"
#include "core/advice/index_text.h"
#include "core/advice/merge.h"

namespace insights::advice {
namespace {

IndexKey reversed(const IndexKey& k) { return IndexKey{k.term, !k.descending, !k.nulls_first}; }

// True when an index on `keys`, scanned forward or backward, begins with
// `prefix`: its first `equality_keys` terms in any order (an equality
// lookup does not care which comes first), then the rest in order, with
// directions all equal or all reversed.
bool leads_in_order(const std::vector<IndexKey>& prefix, int equality_keys, const std::vector<IndexKey>& keys) {
  if (prefix.size() > keys.size()) return false;
  const std::size_t unordered = std::min(static_cast<std::size_t>(std::max(equality_keys, 0)), prefix.size());
  for (std::size_t i = 0; i < unordered; ++i) {
    const auto same_term = [&](const IndexKey& k) { return k.term == prefix[i].term; };
    if (std::none_of(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(unordered), same_term)) return false;
  }
  bool all_same = true;
  bool all_reversed = true;
  for (std::size_t i = unordered; i < prefix.size(); ++i) {
    if (prefix[i].term != keys[i].term) return false;
    all_same = all_same && prefix[i] == keys[i];
    all_reversed = all_reversed && prefix[i] == reversed(keys[i]);
  }
  return all_same || all_reversed;
}

// True when every column is stored in the index, as a plain key or INCLUDEd.
bool stores_columns(const std::vector<std::string>& columns, const std::vector<IndexKey>& keys,
                    const std::vector<std::string>& include) {
  return std::all_of(columns.begin(), columns.end(), [&](const std::string& column) {
    const KeyTerm term = KeyTerm::of_column(column);
    return std::any_of(keys.begin(), keys.end(), [&](const IndexKey& k) { return k.term == term; }) ||
           std::find(include.begin(), include.end(), column) != include.end();
  });
}

// The key and column rules of served_by, for an index with these keys and includes.
bool keys_and_columns_serve(const IndexCandidate& candidate, const std::vector<IndexKey>& keys,
                            const std::vector<std::string>& include) {
  return leads_in_order(candidate.keys, candidate.equality_keys, keys) && stores_columns(candidate.include, keys, include);
}

// Whether `big` does all `small` was proposed for, so `small` can be absorbed.
// Not when `big` INCLUDEs columns `small` did not ask for: a covering variant
// is bigger, and whether its index-only scans are worth the bytes is for the
// planner to say, so the plain candidate stays to be weighed against it.
bool absorbs(const IndexCandidate& big, const IndexCandidate& small) {
  const bool adds_includes = std::any_of(big.include.begin(), big.include.end(), [&](const std::string& c) {
    return std::find(small.include.begin(), small.include.end(), c) == small.include.end();
  });
  return big.table_oid == small.table_oid && big.method == small.method &&
         big.predicate_sql == small.predicate_sql && !adds_includes &&
         keys_and_columns_serve(small, big.keys, big.include);
}

std::vector<int> united(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// One key, many twins: where candidates share a table, keys and predicate
// but INCLUDE different columns (one list per statement), one more
// candidate INCLUDEs them all and serves all their statements, so that the
// selection can choose one index for the key rather than one per
// statement. Not when the union is wider than candidates_for would INCLUDE.
void add_union_twins(std::vector<IndexCandidate>& merged) {
  const std::size_t count = merged.size();
  std::vector<bool> done(count, false);
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  for (std::size_t i = 0; i < count; ++i) {
    if (done[i]) continue;
    IndexCandidate twin = merged[i];
    int lists = twin.include.empty() ? 0 : 1;
    std::vector<std::vector<std::string>> family_lists = {sorted(twin.include)};
    for (std::size_t j = i + 1; j < count; ++j) {
      const IndexCandidate& other = merged[j];
      if (other.table_oid != twin.table_oid || other.keys != twin.keys || other.predicate_sql != twin.predicate_sql)
        continue;
      done[j] = true;
      family_lists.push_back(sorted(other.include));
      if (!other.include.empty()) ++lists;
      for (const std::string& column : other.include)
        if (std::find(twin.include.begin(), twin.include.end(), column) == twin.include.end())
          twin.include.push_back(column);
      twin.statements = united(twin.statements, other.statements);
      twin.equality_keys = std::min(twin.equality_keys, other.equality_keys);
      twin.predicate_selectivity = std::max(twin.predicate_selectivity, other.predicate_selectivity);
    }
    if (lists < 2 || twin.include.size() > static_cast<std::size_t>(kMaxIncludeColumns)) continue;
    std::sort(twin.include.begin(), twin.include.end());
    // One twin INCLUDEs all the others' columns already: it is the union.
    if (std::find(family_lists.begin(), family_lists.end(), twin.include) != family_lists.end()) continue;
    merged.push_back(std::move(twin));
  }
}

}  // namespace

bool served_by(const IndexCandidate& candidate, const ExistingIndex& index) {
  return index.valid && index.method == candidate.method && (index.predicate_sql.empty() || index.predicate_sql == candidate.predicate_sql) &&
         keys_and_columns_serve(candidate, index.keys, index.include);
}

bool served_by_any(const IndexCandidate& candidate, const std::vector<ExistingIndex>& indexes) {
  return std::any_of(indexes.begin(), indexes.end(),
                     [&](const ExistingIndex& index) { return served_by(candidate, index); });
}

std::string repeated_unique_key(const IndexCandidate& candidate, const std::vector<ExistingIndex>& indexes) {
  for (const ExistingIndex& index : indexes) {
    if (!index.valid || !index.unique || !index.predicate_sql.empty() || index.keys.empty() ||
        index.keys.size() > candidate.keys.size())
      continue;
    const auto leading_end = candidate.keys.begin() + static_cast<std::ptrdiff_t>(index.keys.size());
    const bool repeats = std::all_of(index.keys.begin(), index.keys.end(), [&](const IndexKey& k) {
      return std::any_of(candidate.keys.begin(), leading_end, [&](const IndexKey& c) { return c.term == k.term; });
    });
    if (repeats) return index.name;
  }
  return {};
}

std::vector<std::string> made_redundant(const IndexCandidate& candidate, const std::vector<ExistingIndex>& indexes) {
  std::vector<std::string> out;
  for (const ExistingIndex& index : indexes) {
    if (!index.valid || index.unique || index.predicate_sql != candidate.predicate_sql ||
        index.keys.size() > candidate.keys.size() ||
        !std::equal(index.keys.begin(), index.keys.end(), candidate.keys.begin()))
      continue;
    if (stores_columns(index.include, candidate.keys, candidate.include)) out.push_back(index.name);
  }
  return out;
}

std::vector<IndexCandidate> merge_candidates(std::vector<IndexCandidate> candidates) {
  struct Entry {
    IndexCandidate candidate;
    std::string definition;
    bool absorbed = false;
  };
  std::vector<Entry> entries;
  entries.reserve(candidates.size());
  for (IndexCandidate& c : candidates) {
    std::sort(c.statements.begin(), c.statements.end());
    c.statements.erase(std::unique(c.statements.begin(), c.statements.end()), c.statements.end());
    std::string definition = canonical_definition(c);
    entries.push_back(Entry{std::move(c), std::move(definition)});
  }
  auto definition_order = [](const Entry& a, const Entry& b) {
    if (a.candidate.table_oid != b.candidate.table_oid) return a.candidate.table_oid < b.candidate.table_oid;
    return a.definition < b.definition;
  };
  std::sort(entries.begin(), entries.end(), definition_order);

  // Identical candidates: one, serving all their statements. The largest
  // selectivity keeps the size estimate on the safe side.
  std::vector<Entry> distinct;
  for (Entry& e : entries) {
    if (!distinct.empty() && !definition_order(distinct.back(), e)) {
      IndexCandidate& kept = distinct.back().candidate;
      kept.statements = united(kept.statements, e.candidate.statements);
      kept.predicate_selectivity = std::max(kept.predicate_selectivity, e.candidate.predicate_selectivity);
    } else {
      distinct.push_back(std::move(e));
    }
  }

  // A candidate absorbed by another gives it its statements. Absorption is
  // transitive, so each absorber takes them directly from the original
  // lists. Two candidates absorbing each other (the same keys, all
  // reversed) keep the first in order.
  // Entries are grouped by table; only candidates on one table absorb each other.
  std::vector<std::vector<int>> original_statements;
  for (const Entry& e : distinct) original_statements.push_back(e.candidate.statements);
  for (std::size_t first = 0, end = 0; first < distinct.size(); first = end) {
    end = first;
    while (end < distinct.size() && distinct[end].candidate.table_oid == distinct[first].candidate.table_oid) ++end;
    for (std::size_t s = first; s < end; ++s) {
      for (std::size_t b = first; b < end; ++b) {
        if (b == s || !absorbs(distinct[b].candidate, distinct[s].candidate)) continue;
        if (s < b && absorbs(distinct[s].candidate, distinct[b].candidate)) continue;
        distinct[b].candidate.statements = united(distinct[b].candidate.statements, original_statements[s]);
        distinct[s].absorbed = true;
      }
    }
  }

  std::vector<IndexCandidate> merged;
  for (Entry& e : distinct) {
    if (!e.absorbed) merged.push_back(std::move(e.candidate));
  }
  add_union_twins(merged);
  return merged;
}

}  // namespace insights::advice
