#include "core/advice/extend_selection.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace insights::advice {
namespace {

// Equal for the same index: table, keys with their order, INCLUDE columns
// and predicate.
std::string signature(const IndexCandidate& c) {
  std::string s = std::to_string(c.table_oid) + '\x1f' + c.predicate_sql;
  for (const IndexKey& k : c.keys)
    s += std::string("\x1f") + (k.term.is_expression ? "e" : "c") + (k.descending ? "d" : "a") +
         (k.nulls_first ? "f" : "l") + (k.term.is_expression ? k.term.expression : k.term.column);
  s += '\x1e';
  for (const std::string& column : c.include) s += column + '\x1f';
  return s;
}

bool is_one_key(const IndexCandidate& c) { return c.keys.size() == 1 && c.include.empty(); }

std::vector<int> united(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// A step: add `candidate`, or put it in the place of chosen_[replaced].
struct Step {
  std::size_t candidate = 0;
  std::size_t replaced = SIZE_MAX;  // into chosen_, or SIZE_MAX for an addition
  double extra_bytes = 0;
  double saving = 0;  // call-weighted cost cut over the workload
};

class Extend {
 public:
  Extend(const std::vector<WeighedCandidate>& candidates, const std::vector<double>& calls,
         const std::vector<double>& costs, WhatIf& planner)
      : candidates_(candidates), calls_(calls), original_(costs), current_(costs), planner_(planner) {}

  std::vector<SelectedIndex> run(const ExtendLimits& limits) {
    for (int step = 0; step < limits.max_steps; ++step) {
      Step best;
      double best_ratio = 0;
      bool found = false;
      double total = 0;
      for (std::size_t s = 0; s < current_.size(); ++s) total += calls_[s] * current_[s];
      for (const Step& candidate_step : open_steps(limits)) {
        Step st = candidate_step;
        if (limits.budget_bytes >= 0 && used_bytes_ + st.extra_bytes > limits.budget_bytes) continue;
        st.saving = saving(st);
        // Written so that NaN fails.
        if (!(st.saving > 0) || !(total >= limits.min_cost_ratio * (total - st.saving))) continue;
        const double ratio = st.saving / std::max(st.extra_bytes, 1.0);
        if (!found || ratio > best_ratio) {
          best = st;
          best_ratio = ratio;
          found = true;
        }
      }
      if (!found) break;
      apply(best);
    }
    return result();
  }

 private:
  std::vector<Step> open_steps(const ExtendLimits& limits) const {
    std::vector<Step> steps;
    for (std::size_t id = 0; id < candidates_.size(); ++id) {
      const IndexCandidate& c = candidates_[id].candidate;
      if (is_chosen(id) || c.pool == SelectionPool::kOwn) continue;
      if (is_one_key(c)) steps.push_back(Step{id, SIZE_MAX, candidates_[id].bytes, 0});
      if (static_cast<int>(c.keys.size()) > limits.max_key_columns) continue;
      for (std::size_t k = 0; k < chosen_.size(); ++k)
        if (extends_by_one_key(c, candidates_[chosen_[k]].candidate))
          steps.push_back(Step{id, k, candidates_[id].bytes - candidates_[chosen_[k]].bytes, 0});
    }
    return steps;
  }

  bool is_chosen(std::size_t id) const { return std::find(chosen_.begin(), chosen_.end(), id) != chosen_.end(); }

  std::vector<std::size_t> config_after(const Step& st) const {
    std::vector<std::size_t> config = chosen_;
    if (st.replaced == SIZE_MAX)
      config.push_back(st.candidate);
    else
      config[st.replaced] = st.candidate;
    return config;
  }

  std::vector<int> affected(const Step& st) const {
    const std::vector<int>& mine = candidates_[st.candidate].candidate.statements;
    if (st.replaced == SIZE_MAX) return mine;
    return united(mine, candidates_[chosen_[st.replaced]].candidate.statements);
  }

  double saving(const Step& st) {
    const std::vector<std::size_t> config = config_after(st);
    double cut = 0;
    for (int s : affected(st)) cut += calls_[s] * (current_[s] - statement_cost(s, config));
    return cut;
  }

  void apply(const Step& st) {
    const std::vector<std::size_t> config = config_after(st);
    for (int s : affected(st)) current_[s] = statement_cost(s, config);
    used_bytes_ += st.extra_bytes;
    chosen_ = config;
  }

  // One call of statement s with those of `config` meant for it in place;
  // each such set is planned once.
  double statement_cost(int s, const std::vector<std::size_t>& config) {
    std::vector<std::size_t> in_place;
    for (std::size_t id : config) {
      const std::vector<int>& served = candidates_[id].candidate.statements;
      if (std::binary_search(served.begin(), served.end(), s)) in_place.push_back(id);
    }
    if (in_place.empty()) return original_[s];
    std::sort(in_place.begin(), in_place.end());
    auto key = std::make_pair(s, in_place);
    auto it = planned_.find(key);
    if (it != planned_.end()) return it->second;
    double cost = planner_.cost(s, in_place);
    if (!(cost >= 0)) cost = original_[s];  // could not be weighed: as it was
    planned_.emplace(std::move(key), cost);
    return cost;
  }

  std::vector<SelectedIndex> result() {
    std::vector<SelectedIndex> out;
    for (std::size_t k = 0; k < chosen_.size(); ++k) {
      const std::size_t id = chosen_[k];
      std::vector<std::size_t> others = chosen_;
      others.erase(others.begin() + static_cast<std::ptrdiff_t>(k));
      SelectedIndex selected;
      selected.candidate = id;
      Evaluation& e = selected.evaluation;
      e.candidate = candidates_[id].candidate;
      e.bytes = candidates_[id].bytes;
      std::vector<int> served;
      for (int s : e.candidate.statements)
        if (statement_cost(s, others) > statement_cost(s, chosen_)) served.push_back(s);
      if (!served.empty()) e.candidate.statements = served;
      for (int s : e.candidate.statements) {
        e.cost_before += calls_[s] * statement_cost(s, others);
        e.cost_after += calls_[s] * statement_cost(s, chosen_);
        selected.original_cost += calls_[s] * original_[s];
      }
      out.push_back(std::move(selected));
    }
    return out;
  }

  const std::vector<WeighedCandidate>& candidates_;
  const std::vector<double>& calls_;
  const std::vector<double>& original_;
  std::vector<double> current_;  // per statement, with the chosen in place
  WhatIf& planner_;
  std::vector<std::size_t> chosen_;  // a replaced index's extension takes its place
  double used_bytes_ = 0;
  std::map<std::pair<int, std::vector<std::size_t>>, double> planned_;
};

// The pool's candidates without INCLUDE columns, grouped by table and
// partial predicate, for deriving Extend's steps.
struct Group {
  std::uint32_t table_oid = 0;
  std::string predicate_sql;
  std::vector<const IndexCandidate*> members;
  std::vector<int> statements;  // of every pool candidate on the table
};

}  // namespace

bool extends_by_one_key(const IndexCandidate& wider, const IndexCandidate& base) {
  return wider.table_oid == base.table_oid && wider.predicate_sql == base.predicate_sql && wider.include.empty() &&
         base.include.empty() && wider.keys.size() == base.keys.size() + 1 &&
         std::equal(base.keys.begin(), base.keys.end(), wider.keys.begin());
}

std::vector<SelectedIndex> select_indexes_extend(const std::vector<WeighedCandidate>& candidates,
                                                 const std::vector<double>& statement_calls,
                                                 const std::vector<double>& statement_costs, WhatIf& planner,
                                                 const ExtendLimits& limits) {
  return Extend(candidates, statement_calls, statement_costs, planner).run(limits);
}

std::vector<IndexCandidate> extend_pool_additions(const std::vector<IndexCandidate>& pool, int max_key_columns) {
  std::map<std::uint32_t, std::vector<int>> table_statements;
  for (const IndexCandidate& c : pool)
    table_statements[c.table_oid] = united(table_statements[c.table_oid], c.statements);
  std::vector<Group> groups;
  for (const IndexCandidate& c : pool) {
    // Extend's indexes are B-tree key lists.
    if (c.method != IndexMethod::kBtree || !c.missing_extension.empty()) continue;
    auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) {
      return x.table_oid == c.table_oid && x.predicate_sql == c.predicate_sql;
    });
    if (g == groups.end()) {
      groups.push_back(Group{c.table_oid, c.predicate_sql, {}, table_statements[c.table_oid]});
      g = groups.end() - 1;
    }
    g->members.push_back(&c);
  }

  std::set<std::string> known;  // the pool's and the additions' signatures
  for (const IndexCandidate& c : pool) known.insert(signature(c));
  std::vector<IndexCandidate> additions;
  auto add = [&](const IndexCandidate& like, std::vector<IndexKey> keys, const Group& g) {
    if (keys.empty() || static_cast<int>(keys.size()) > max_key_columns) return;
    IndexCandidate c;
    c.table_oid = like.table_oid;
    c.schema = like.schema;
    c.table = like.table;
    c.keys = std::move(keys);
    c.predicate_sql = like.predicate_sql;
    c.predicate_selectivity = like.predicate_selectivity;
    c.on_partitioned_table = like.on_partitioned_table;  // never CONCURRENTLY there
    c.pool = SelectionPool::kExtend;
    c.statements = g.statements;
    if (!known.insert(signature(c)).second) return;
    additions.push_back(std::move(c));
  };
  for (const Group& g : groups) {
    for (const IndexCandidate* m : g.members)  // one key on every term, ascending
      for (const IndexKey& k : m->keys) add(*m, {IndexKey{k.term, false, false}}, g);
    for (const IndexCandidate* m : g.members) {  // the prefixes of every candidate's keys, then its INCLUDEs
      std::vector<IndexKey> path = m->keys;
      for (const std::string& column : m->include) path.push_back(IndexKey{KeyTerm::of_column(column), false, false});
      for (std::size_t n = 1; n <= path.size(); ++n)
        add(*m, std::vector<IndexKey>(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(n)), g);
    }
    for (const IndexCandidate* m : g.members)  // pairs of terms that go together, both orders
      for (std::size_t i = 0; i < m->keys.size(); ++i)
        for (std::size_t j = 0; j < m->keys.size(); ++j)
          if (i != j) add(*m, {IndexKey{m->keys[i].term, false, false}, IndexKey{m->keys[j].term, false, false}}, g);
    // One step further: each of the group's key lists so far, extended by
    // any column its statements use (keys or INCLUDEs of its candidates).
    std::vector<KeyTerm> accessed;
    for (const IndexCandidate* m : g.members) {
      std::vector<KeyTerm> terms;
      for (const IndexKey& k : m->keys) terms.push_back(k.term);
      for (const std::string& column : m->include) terms.push_back(KeyTerm::of_column(column));
      for (KeyTerm& t : terms)
        if (std::find(accessed.begin(), accessed.end(), t) == accessed.end()) accessed.push_back(std::move(t));
    }
    std::vector<std::vector<IndexKey>> bases;
    for (const IndexCandidate* m : g.members)
      if (m->include.empty()) bases.push_back(m->keys);
    for (const IndexCandidate& a : additions)
      if (a.table_oid == g.table_oid && a.predicate_sql == g.predicate_sql) bases.push_back(a.keys);
    for (const std::vector<IndexKey>& base : bases)
      for (const KeyTerm& t : accessed) {
        const bool in_base = std::any_of(base.begin(), base.end(), [&](const IndexKey& k) { return k.term == t; });
        if (in_base) continue;
        std::vector<IndexKey> keys = base;
        keys.push_back(IndexKey{t, false, false});
        add(*g.members.front(), std::move(keys), g);
      }
  }
  return additions;
}

}  // namespace insights::advice
