// The selection's rounds of moves (add, pair, replace), each weighed by the
// planner with the chosen indexes in place; the bars are in choose.cpp
// (docs/ARCHITECTURE.md, "Index selection").
#include "core/advice/selection.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>
#include <utility>

#include "core/advice/choose.h"
#include "core/advice/index_candidate.h"

namespace insights::advice {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
// Pairs are weighed only among candidates refused alone: at most this many
// a round, the two cheapest per table and statement (bounded re-planning).
constexpr std::size_t kMaxPairsPerRound = 64;
constexpr std::size_t kPairCandidatesPerTable = 2;

// (replaced chosen candidate or kNone, first added, second added or kNone)
using MoveKey = std::tuple<std::size_t, std::size_t, std::size_t>;

struct Move {
  std::vector<std::size_t> add;  // one or two candidates
  std::size_t remove = kNone;    // the chosen candidate it replaces
  std::vector<int> statements;   // sorted: those of add and remove
  std::vector<double> after;     // their one-call cost once the move is made
  bool weighed = false;
};

struct Chosen {
  std::size_t id;
  std::vector<int> statements;  // sorted; with those of a candidate it replaced
  std::vector<double> before;   // per statement: one call's cost before it
  SelectedIndex selected;
};

std::vector<int> united(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

bool shares(const std::vector<int>& a, const std::vector<int>& b) {
  return std::any_of(a.begin(), a.end(), [&](int s) { return std::binary_search(b.begin(), b.end(), s); });
}

bool contains(const std::vector<std::string>& set, const std::vector<std::string>& subset) {
  return std::all_of(subset.begin(), subset.end(),
                     [&](const std::string& c) { return std::find(set.begin(), set.end(), c) != set.end(); });
}

class Selection {
 public:
  Selection(const std::vector<WeighedCandidate>& candidates, const Workload& workload, WhatIf& planner,
            const SelectionLimits& limits)
      : candidates_(candidates), workload_(workload), planner_(planner), limits_(limits),
        retired_(candidates.size(), false) {
    for (const WorkloadStatement& s : workload.statements) current_.push_back(s.cost);
    for (std::size_t id = 0; id < candidates.size(); ++id)
      if (candidates[id].candidate.pool == SelectionPool::kExtend) retired_[id] = true;  // Extend's alone
    bars_.min_improvement_pct = limits.min_improvement_pct;
    bars_.twin_replacement_pct = limits.twin_replacement_pct;
  }

  std::vector<SelectedIndex> run() {
    const int max_rounds = 4 * std::max(limits_.max_indexes, 1);
    for (int round = 0; round < max_rounds; ++round) {
      std::vector<MoveKey> keys = moves();
      const MoveKey* best = nullptr;
      double best_rank = 0;
      for (const MoveKey& key : keys) {
        Move& m = weighed(key);
        const MoveGain g = gain(m);
        if (refusal(g, bars_) != nullptr || !fits(m, g)) continue;
        const double rank = benefit_per_byte(g);
        if (best == nullptr || rank > best_rank) {
          best = &key;
          best_rank = rank;
        }
      }
      if (best == nullptr) break;
      make(cache_.at(*best));
    }
    std::vector<SelectedIndex> result;
    for (const Chosen& c : chosen_) result.push_back(c.selected);
    return result;
  }

 private:
  const IndexCandidate& candidate(std::size_t id) const { return candidates_[id].candidate; }
  bool is_chosen(std::size_t id) const {
    return std::any_of(chosen_.begin(), chosen_.end(), [&](const Chosen& c) { return c.id == id; });
  }

  // The moves open this round: additions, replacements, then pairs.
  std::vector<MoveKey> moves() {
    std::vector<MoveKey> keys, refused_alone;
    for (std::size_t id = 0; id < candidates_.size(); ++id) {
      if (retired_[id] || is_chosen(id)) continue;
      const IndexCandidate& c = candidate(id);
      std::size_t widened = kNone;
      bool blocked = false;
      for (const Chosen& y : chosen_) {
        const IndexCandidate& other = candidate(y.id);
        if (widens(c, other) && widened == kNone) {
          widened = y.id;
        } else if (same_key(c, other) || widens(other, c) || widens(c, other)) {
          blocked = true;  // a twin that is no wider, or redundant beside a chosen index
        }
      }
      if (blocked) continue;
      const MoveKey key{widened, id, kNone};
      keys.push_back(key);
      if (widened == kNone && refusal(gain(weighed(key)), bars_) != nullptr) refused_alone.push_back(key);
    }
    for (const MoveKey& pair : pairs(refused_alone)) keys.push_back(pair);
    return keys;
  }

  // Two candidates refused alone that serve one statement from two tables.
  std::vector<MoveKey> pairs(const std::vector<MoveKey>& refused_alone) {
    std::vector<MoveKey> out;
    for (std::size_t s = 0; s < workload_.statements.size() && out.size() < kMaxPairsPerRound; ++s) {
      std::map<std::uint32_t, std::vector<std::pair<double, std::size_t>>> by_table;
      for (const MoveKey& key : refused_alone) {
        const std::size_t id = std::get<1>(key);
        const std::vector<int>& served = candidate(id).statements;
        const auto it = std::lower_bound(served.begin(), served.end(), static_cast<int>(s));
        if (it == served.end() || *it != static_cast<int>(s)) continue;
        const Move& alone = cache_.at(key);
        const std::size_t k = static_cast<std::size_t>(
            std::lower_bound(alone.statements.begin(), alone.statements.end(), static_cast<int>(s)) -
            alone.statements.begin());
        by_table[candidate(id).table_oid].emplace_back(alone.after[k], id);
      }
      if (by_table.size() < 2) continue;
      std::vector<std::size_t> picked;
      std::vector<std::uint32_t> tables;
      for (auto& [table, list] : by_table) {
        std::stable_sort(list.begin(), list.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < list.size() && i < kPairCandidatesPerTable; ++i) {
          picked.push_back(list[i].second);
          tables.push_back(table);
        }
      }
      for (std::size_t i = 0; i < picked.size(); ++i)
        for (std::size_t j = i + 1; j < picked.size() && out.size() < kMaxPairsPerRound; ++j) {
          if (tables[i] == tables[j]) continue;
          const MoveKey key{kNone, std::min(picked[i], picked[j]), std::max(picked[i], picked[j])};
          if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(key);
        }
    }
    return out;
  }

  // The move, weighed with the chosen in place (cached until a move is made
  // that shares one of its statements).
  Move& weighed(const MoveKey& key) {
    Move& m = cache_[key];
    if (m.weighed) return m;
    const auto [remove, first, second] = key;
    m.add = {first};
    if (second != kNone) m.add.push_back(second);
    m.remove = remove;
    m.statements.clear();
    for (std::size_t id : m.add) m.statements = united(m.statements, candidate(id).statements);
    if (remove != kNone) m.statements = united(m.statements, candidate(remove).statements);
    std::vector<std::size_t> in_place;
    for (const Chosen& c : chosen_)
      if (c.id != remove) in_place.push_back(c.id);
    in_place.insert(in_place.end(), m.add.begin(), m.add.end());
    m.after.clear();
    for (int s : m.statements) {
      double after = planner_.cost(s, in_place);
      if (!(after >= 0)) after = current_[s];  // could not be weighed: as it is
      m.after.push_back(after);
    }
    m.weighed = true;
    return m;
  }

  bool fast(int s) const {
    const double mean = workload_.statements[s].mean_ms;
    return mean > 0 && mean < limits_.fast_statement_ms;
  }

  MoveGain gain(const Move& m) const {
    MoveGain g;
    const bool measured = workload_.window_hours > 0;
    double ms = 0;
    bool improved = false, all_fast = true;
    for (std::size_t k = 0; k < m.statements.size(); ++k) {
      const int s = m.statements[k];
      const WorkloadStatement& w = workload_.statements[s];
      const double saved = current_[s] - m.after[k];
      g.cost_saved += w.calls * saved;
      if (current_[s] > 0) g.best_statement_pct = std::max(g.best_statement_pct, 100.0 * saved / current_[s]);
      ms += ms_per_cost_per_hour(w.calls, w.mean_ms, w.cost, workload_.window_hours) * saved;
      if (saved > 1e-9 * current_[s]) {
        improved = true;
        all_fast = all_fast && fast(s);
      }
    }
    g.ms_per_hour = measured ? ms : -1;
    for (std::size_t id : m.add) {
      g.write_ms_per_hour += candidates_[id].write_ms_per_hour;
      g.added_bytes += candidates_[id].bytes;
      g.repeats_unique_key = g.repeats_unique_key || !candidates_[id].repeats_unique.empty();
    }
    if (m.remove != kNone) {
      g.write_ms_per_hour -= candidates_[m.remove].write_ms_per_hour;
      g.added_bytes -= candidates_[m.remove].bytes;
      g.replaced_bytes = candidates_[m.remove].bytes;
      g.repeats_unique_key = g.repeats_unique_key && candidates_[m.remove].repeats_unique.empty();
    }
    g.only_fast_statements = measured && improved && all_fast;
    return g;
  }

  bool fits(const Move& m, const MoveGain& g) const {
    const std::size_t count = chosen_.size() + m.add.size() - (m.remove != kNone ? 1 : 0);
    if (count > static_cast<std::size_t>(std::max(limits_.max_indexes, 0))) return false;
    return limits_.budget_bytes < 0 || total_bytes_ + g.added_bytes <= limits_.budget_bytes;
  }

  // The move is made: its statements cost what they cost with it, and the
  // cached moves sharing one are weighed again.
  void make(const Move& made) {
    const Move m = made;  // the cache is changed below
    const MoveGain g = gain(m);
    std::map<int, double> before;
    for (std::size_t k = 0; k < m.statements.size(); ++k) {
      before[m.statements[k]] = current_[m.statements[k]];
      current_[m.statements[k]] = m.after[k];
    }
    total_bytes_ += g.added_bytes;
    const Chosen* replaced = nullptr;
    std::size_t place = chosen_.size();
    if (m.remove != kNone) {
      for (std::size_t i = 0; i < chosen_.size(); ++i)
        if (chosen_[i].id == m.remove) place = i;
      replaced = &chosen_[place];
      retired_[m.remove] = true;
    }
    std::vector<Chosen> made_now;
    for (std::size_t id : m.add) {
      Chosen c{id, candidate(id).statements, {}, {}};
      if (replaced != nullptr) c.statements = united(c.statements, replaced->statements);
      SelectedIndex& out = c.selected;
      out.candidate = id;
      out.evaluation.candidate = candidate(id);
      out.evaluation.candidate.statements = c.statements;
      out.evaluation.bytes = candidates_[id].bytes;
      out.write_ms_per_hour = candidates_[id].write_ms_per_hour;
      out.ms_per_hour = g.ms_per_hour;
      out.only_fast_statements = g.only_fast_statements;
      if (m.add.size() == 2) out.paired_with = m.add[0] == id ? m.add[1] : m.add[0];
      if (replaced != nullptr && replaced->selected.ms_per_hour >= 0) out.ms_per_hour += replaced->selected.ms_per_hour;
      for (int s : c.statements) {
        double b = current_[s];
        if (replaced != nullptr) {
          const auto it = std::lower_bound(replaced->statements.begin(), replaced->statements.end(), s);
          if (it != replaced->statements.end() && *it == s)
            b = replaced->before[static_cast<std::size_t>(it - replaced->statements.begin())];
          else if (before.count(s))
            b = before[s];
        } else if (before.count(s)) {
          b = before[s];
        }
        const double calls = workload_.statements[s].calls;
        c.before.push_back(b);
        out.evaluation.cost_before += calls * b;
        out.evaluation.cost_after += calls * current_[s];
        out.original_cost += calls * workload_.statements[s].cost;
      }
      made_now.push_back(std::move(c));
    }
    if (replaced != nullptr)
      chosen_[place] = std::move(made_now.front());
    else
      for (Chosen& c : made_now) chosen_.push_back(std::move(c));
    for (auto& [key, other] : cache_)
      if (other.weighed && shares(other.statements, m.statements)) other.weighed = false;
  }

  const std::vector<WeighedCandidate>& candidates_;
  const Workload& workload_;
  WhatIf& planner_;
  const SelectionLimits& limits_;
  Bars bars_;
  std::vector<double> current_;  // per statement, one call with the chosen in place
  std::vector<bool> retired_;    // replaced: never chosen again
  std::vector<Chosen> chosen_;
  double total_bytes_ = 0;
  std::map<MoveKey, Move> cache_;
};

bool same_table_and_predicate(const IndexCandidate& a, const IndexCandidate& b) {
  return a.table_oid == b.table_oid && a.method == b.method && a.predicate_sql == b.predicate_sql;
}

}  // namespace

bool extends(const IndexCandidate& wider, const IndexCandidate& base) {
  return same_key(wider, base) && wider.include.size() > base.include.size() && contains(wider.include, base.include);
}

bool same_key(const IndexCandidate& a, const IndexCandidate& b) {
  return same_table_and_predicate(a, b) && a.keys == b.keys;
}

bool widens(const IndexCandidate& wider, const IndexCandidate& base) {
  if (!same_table_and_predicate(wider, base) || base.keys.size() > wider.keys.size()) return false;
  if (!std::equal(base.keys.begin(), base.keys.end(), wider.keys.begin())) return false;
  std::vector<std::string> stored = wider.include;
  for (const IndexKey& k : wider.keys)
    if (!k.term.is_expression) stored.push_back(k.term.column);
  if (!contains(stored, base.include)) return false;
  return wider.keys.size() > base.keys.size() || wider.include.size() > base.include.size();
}

std::vector<SelectedIndex> select_indexes(const std::vector<WeighedCandidate>& candidates, const Workload& workload,
                                          WhatIf& planner, const SelectionLimits& limits) {
  return Selection(candidates, workload, planner, limits).run();
}

std::vector<SelectedIndex> select_indexes(const std::vector<WeighedCandidate>& candidates,
                                          const std::vector<double>& statement_calls,
                                          const std::vector<double>& statement_costs, WhatIf& planner,
                                          const SelectionLimits& limits) {
  Workload workload;
  for (std::size_t s = 0; s < statement_calls.size() && s < statement_costs.size(); ++s)
    workload.statements.push_back(WorkloadStatement{statement_calls[s], statement_costs[s], 0});
  return select_indexes(candidates, workload, planner, limits);
}

}  // namespace insights::advice
