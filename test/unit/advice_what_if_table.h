// Shared by the selection tests (advice_selection_test.cpp,
// advice_extend_selection_test.cpp, advice_budget_choice_test.cpp): a table
// of planner costs standing in for hypothetical indexes, and candidates
// built from column names.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/advice/index_candidate.h"
#include "core/advice/selection.h"

namespace insights::advice::testing {

// Costs per (statement, set of candidates in place); a set not listed costs
// what the largest listed subset of it costs (more indexes never hurt), the
// cheapest among subsets of that size. No listed subset: -1 (cannot be
// weighed).
class TableWhatIf : public WhatIf {
 public:
  std::map<std::pair<int, std::vector<std::size_t>>, double> costs;
  int calls = 0;

  void set(int statement, std::vector<std::size_t> in_place, double cost) {
    std::sort(in_place.begin(), in_place.end());
    costs[{statement, in_place}] = cost;
  }

  double cost(int statement, const std::vector<std::size_t>& in_place) override {
    ++calls;
    std::vector<std::size_t> sorted = in_place;
    std::sort(sorted.begin(), sorted.end());
    double best = -1;
    std::size_t best_size = 0;
    for (const auto& [key, cost] : costs) {
      if (key.first != statement) continue;
      if (!std::includes(sorted.begin(), sorted.end(), key.second.begin(), key.second.end())) continue;
      if (best < 0 || key.second.size() > best_size || (key.second.size() == best_size && cost < best)) {
        best = cost;
        best_size = key.second.size();
      }
    }
    return best;
  }
};

// A B-tree candidate on table `table` ("t") with these key columns.
inline WeighedCandidate candidate(std::vector<std::string> keys, std::vector<int> statements, double bytes = 8192,
                                  std::vector<std::string> include = {}, std::uint32_t table = 100) {
  WeighedCandidate w;
  w.candidate.table_oid = table;
  w.candidate.table = "t";
  for (std::string& k : keys) w.candidate.keys.push_back(IndexKey{KeyTerm::of_column(std::move(k))});
  w.candidate.include = std::move(include);
  w.candidate.statements = std::move(statements);
  w.bytes = bytes;
  return w;
}

// The chosen candidates' indexes, in the order given.
inline std::vector<std::size_t> ids(const std::vector<SelectedIndex>& selected) {
  std::vector<std::size_t> out;
  for (const SelectedIndex& s : selected) out.push_back(s.candidate);
  return out;
}

}  // namespace insights::advice::testing
