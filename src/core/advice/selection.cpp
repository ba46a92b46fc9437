#include "core/advice/selection.h"
#include "core/advice/choose.h"
#include "core/advice/index_candidate.h"

#include <algorithm>
#include <utility>

namespace insights::advice {
namespace {

struct Open {
  std::size_t id;           // into the candidates
  Evaluation evaluation;    // with the chosen in place, then with this one too
  double original = 0;      // the same statements before any advice
  std::vector<double> costs_after;  // per statement of the candidate, in order
};

class Selection {
 public:
  Selection(const std::vector<WeighedCandidate>& candidates, const std::vector<double>& calls,
            const std::vector<double>& costs, WhatIf& planner)
      : candidates_(candidates), calls_(calls), original_(costs), current_(costs), planner_(planner) {}

  // Weighs o with the chosen in place, except `without` (a sibling it would replace).
  void weigh(Open& o, const Open* without = nullptr) {
    std::vector<std::size_t> in_place;
    for (const Open& c : chosen_)
      if (&c != without) in_place.push_back(c.id);
    in_place.push_back(o.id);
    o.evaluation.cost_before = o.evaluation.cost_after = o.original = 0;
    o.costs_after.clear();
    for (int s : o.evaluation.candidate.statements) {
      double after = planner_.cost(s, in_place);
      if (!(after >= 0)) after = current_[s];  // could not be weighed: as it is
      o.costs_after.push_back(after);
      o.evaluation.cost_before += calls_[s] * current_[s];
      o.evaluation.cost_after += calls_[s] * after;
      o.original += calls_[s] * original_[s];
    }
  }

  // o is in place: its statements now cost what they cost with it, and the
  // open candidates that share one are weighed again.
  void settle(const Open& o) {
    const std::vector<int>& served = o.evaluation.candidate.statements;
    for (std::size_t k = 0; k < served.size(); ++k) current_[served[k]] = o.costs_after[k];
    for (Open& other : open_) {
      const std::vector<int>& mine = other.evaluation.candidate.statements;
      const bool shares = std::any_of(mine.begin(), mine.end(), [&](int id) {
        return std::find(served.begin(), served.end(), id) != served.end();
      });
      if (shares) weigh(other);
    }
  }

  std::vector<SelectedIndex> run(const SelectionLimits& limits) {
    for (std::size_t id = 0; id < candidates_.size(); ++id) {
      Open o{id, Evaluation{}, 0, {}};
      o.evaluation.candidate = candidates_[id].candidate;
      o.evaluation.bytes = candidates_[id].bytes;
      o.evaluation.write_ratio = candidates_[id].write_ratio;
      weigh(o);
      open_.push_back(std::move(o));
    }
    for (int round = 0; round < limits.max_indexes && !open_.empty(); ++round) {
      if (replace_by_twin(limits.twin_replacement_pct)) continue;
      std::vector<Evaluation> evaluations;
      for (const Open& o : open_) evaluations.push_back(against_original(o));
      const std::vector<std::size_t> order = choose(evaluations, limits.min_improvement_pct);
      if (order.empty()) break;
      Open best = std::move(open_[order.front()]);
      open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(order.front()));
      chosen_.push_back(std::move(best));
      settle(chosen_.back());
    }
    std::vector<SelectedIndex> result;
    for (const Open& c : chosen_) result.push_back(SelectedIndex{c.id, c.evaluation, c.original});
    return result;
  }

 private:
  // The gain that would be, measured against the cost before any advice.
  static Evaluation against_original(const Open& o) {
    Evaluation e = o.evaluation;
    e.cost_before = o.original;
    e.cost_after = o.original - (o.evaluation.cost_before - o.evaluation.cost_after);
    return e;
  }

  // Weighs every covering twin of a chosen index in its sibling's place;
  // the best that clears the bar replaces it. True when one did.
  bool replace_by_twin(double replacement_pct) {
    std::size_t twin = open_.size(), replaced = 0;
    double twin_gain = 0;
    std::vector<std::size_t> weighed_as_twin;
    for (std::size_t i = 0; i < open_.size(); ++i) {
      for (std::size_t k = 0; k < chosen_.size(); ++k) {
        if (!extends(open_[i].evaluation.candidate, chosen_[k].evaluation.candidate)) continue;
        weigh(open_[i], &chosen_[k]);
        weighed_as_twin.push_back(i);
        const double gain = open_[i].evaluation.improvement_pct();
        if (gain >= replacement_pct && gain > twin_gain) {
          twin = i;
          replaced = k;
          twin_gain = gain;
        }
      }
    }
    if (twin == open_.size()) {
      // Back to being weighed as additions, with every chosen index in place.
      for (std::size_t i : weighed_as_twin) weigh(open_[i]);
      return false;
    }
    Open w = std::move(open_[twin]);
    open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(twin));
    Open& old = chosen_[replaced];
    weigh(w, &old);  // with the twin in place of the old index
    w.evaluation.cost_before = old.evaluation.cost_before;  // before either
    w.original = old.original;
    old = std::move(w);
    settle(old);
    return true;
  }

  const std::vector<WeighedCandidate>& candidates_;
  const std::vector<double>& calls_;
  const std::vector<double>& original_;
  std::vector<double> current_;  // per statement, with the chosen in place
  WhatIf& planner_;
  std::vector<Open> open_;
  std::vector<Open> chosen_;
};

}  // namespace

bool extends(const IndexCandidate& wider, const IndexCandidate& base) {
  if (wider.table_oid != base.table_oid || wider.method != base.method || wider.keys != base.keys || wider.predicate_sql != base.predicate_sql ||
      wider.include.size() <= base.include.size())
    return false;
  return std::all_of(base.include.begin(), base.include.end(), [&](const std::string& c) {
    return std::find(wider.include.begin(), wider.include.end(), c) != wider.include.end();
  });
}

std::vector<SelectedIndex> select_indexes(const std::vector<WeighedCandidate>& candidates,
                                          const std::vector<double>& statement_calls,
                                          const std::vector<double>& statement_costs, WhatIf& planner,
                                          const SelectionLimits& limits) {
  return Selection(candidates, statement_calls, statement_costs, planner).run(limits);
}

}  // namespace insights::advice
