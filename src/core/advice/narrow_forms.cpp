// The narrow forms a budgeted selection starts from (narrow_forms.h).
#include "core/advice/narrow_forms.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/advice/index_text.h"

namespace insights::advice {
namespace {

IndexCandidate prefix_of(const IndexCandidate& c, std::size_t keys) {
  IndexCandidate narrow;
  narrow.table_oid = c.table_oid;
  narrow.schema = c.schema;
  narrow.table = c.table;
  narrow.method = c.method;
  narrow.keys.assign(c.keys.begin(), c.keys.begin() + static_cast<std::ptrdiff_t>(keys));
  narrow.equality_keys = std::min(c.equality_keys, static_cast<int>(keys));
  narrow.predicate_sql = c.predicate_sql;
  narrow.predicate_selectivity = c.predicate_selectivity;
  narrow.statements = c.statements;
  narrow.on_partitioned_table = c.on_partitioned_table;
  narrow.pool = SelectionPool::kOwn;
  return narrow;
}

}  // namespace

std::vector<IndexCandidate> narrow_forms(const std::vector<IndexCandidate>& pool) {
  std::set<std::string> known;
  for (const IndexCandidate& c : pool) known.insert(canonical_definition(c));
  std::vector<IndexCandidate> forms;
  std::map<std::string, std::size_t> form_at;  // definition -> index in forms
  auto add = [&](IndexCandidate narrow) {
    std::string definition = canonical_definition(narrow);
    if (known.count(definition)) return;
    const auto it = form_at.find(definition);
    if (it != form_at.end()) {
      IndexCandidate& kept = forms[it->second];
      std::vector<int> statements;
      std::set_union(kept.statements.begin(), kept.statements.end(), narrow.statements.begin(),
                     narrow.statements.end(), std::back_inserter(statements));
      kept.statements = std::move(statements);
      kept.equality_keys = std::min(kept.equality_keys, narrow.equality_keys);
      kept.predicate_selectivity = std::max(kept.predicate_selectivity, narrow.predicate_selectivity);
      return;
    }
    form_at.emplace(std::move(definition), forms.size());
    forms.push_back(std::move(narrow));
  };
  for (const IndexCandidate& c : pool) {
    if (c.method != IndexMethod::kBtree || c.keys.empty() || !c.missing_extension.empty()) continue;
    if (c.keys.size() == 1 && c.include.empty()) continue;
    const std::size_t equality = static_cast<std::size_t>(std::max(c.equality_keys, 0));
    if (!c.include.empty()) add(prefix_of(c, c.keys.size()));
    if (equality > 1 && equality < c.keys.size()) add(prefix_of(c, equality));
    add(prefix_of(c, 1));
  }
  return forms;
}

}  // namespace insights::advice
