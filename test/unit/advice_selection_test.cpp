// The selection of indexes over a workload, with a table of planner costs
// standing in for hypothetical indexes.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "core/advice/index_candidate.h"
#include "core/advice/selection.h"

using namespace insights::advice;

namespace {

// Costs per (statement, set of candidates in place); a set not listed costs
// what the largest listed subset of it costs (more indexes never hurt).
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
      const bool subset = std::includes(sorted.begin(), sorted.end(), key.second.begin(), key.second.end());
      if (subset && (best < 0 || key.second.size() >= best_size)) {
        if (key.second.size() > best_size || best < 0 || cost < best) best = cost;
        best_size = key.second.size();
      }
    }
    return best;
  }
};

WeighedCandidate candidate(std::vector<std::string> keys, std::vector<int> statements, double bytes = 8192,
                           double write_ratio = 0, std::vector<std::string> include = {}, std::uint32_t table = 100) {
  WeighedCandidate w;
  w.candidate.table_oid = table;
  w.candidate.table = "t";
  for (std::string& k : keys) w.candidate.keys.push_back(IndexKey{KeyTerm::of_column(std::move(k))});
  w.candidate.include = std::move(include);
  w.candidate.statements = std::move(statements);
  w.bytes = bytes;
  w.write_ratio = write_ratio;
  return w;
}

std::vector<std::size_t> ids(const std::vector<SelectedIndex>& selected) {
  std::vector<std::size_t> out;
  for (const SelectedIndex& s : selected) out.push_back(s.candidate);
  return out;
}

}  // namespace

TEST(Selection, TakesTheBestAndJudgesTheNextWithItInPlace) {
  // One statement; a alone 100 -> 10, b alone 100 -> 20, both 100 -> 9.
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 10);
  planner.set(0, {1}, 20);
  planner.set(0, {0, 1}, 9);
  const auto selected = select_indexes({candidate({"a"}, {0}), candidate({"b"}, {0})}, {1}, {100}, planner, {});
  ASSERT_EQ(ids(selected), (std::vector<std::size_t>{0}));
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_before, 100);
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_after, 10);
  EXPECT_DOUBLE_EQ(selected[0].original_cost, 100);
}

TEST(Selection, CostsAreWeighedByCalls) {
  // Statement 0 is called 100 times, statement 1 once: the index for 0 wins
  // the first round although it saves less per call.
  TableWhatIf planner;
  planner.set(0, {}, 10);
  planner.set(0, {0}, 5);
  planner.set(1, {}, 100);
  planner.set(1, {1}, 10);
  const auto selected = select_indexes({candidate({"a"}, {0}), candidate({"b"}, {1}, 8192, 0, {}, 200)}, {100, 1},
                                       {10, 100}, planner, {});
  ASSERT_EQ(ids(selected), (std::vector<std::size_t>{0, 1}));
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_before, 1000);
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_after, 500);
  EXPECT_DOUBLE_EQ(selected[1].evaluation.cost_before, 100);
}

TEST(Selection, ACoveringTwinReplacesItsSiblingWhenIndexOnlyScansHalveTheCost) {
  // plain: 100 -> 40; covering (same key, INCLUDE v) with plain in place: 40 -> 10.
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 40);
  planner.set(0, {1}, 10);
  const std::vector<WeighedCandidate> candidates = {candidate({"k"}, {0}, 8192),
                                                    candidate({"k"}, {0}, 16384, 0, {"v"})};
  const auto selected = select_indexes(candidates, {1}, {100}, planner, {});
  ASSERT_EQ(ids(selected), (std::vector<std::size_t>{1}));
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_before, 100);  // before either
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_after, 10);
}

TEST(Selection, ATwinThatSavesLittleIsNeitherReplacementNorAddition) {
  // covering with plain's place taken: 40 -> 30 (25% < 50%); as an addition,
  // 10 of the original 100 (10% < 20%).
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 40);
  planner.set(0, {1}, 30);
  const auto selected = select_indexes(
      {candidate({"k"}, {0}, 8192), candidate({"k"}, {0}, 16384, 0, {"v"})}, {1}, {100}, planner, {});
  EXPECT_EQ(ids(selected), (std::vector<std::size_t>{0}));
}

TEST(Selection, WrittenTablesNeedMoreGain) {
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 75);  // 25%
  EXPECT_EQ(select_indexes({candidate({"a"}, {0}, 8192, 0)}, {1}, {100}, planner, {}).size(), 1u);
  // One row written per row read: 20% + 10 points.
  EXPECT_TRUE(select_indexes({candidate({"a"}, {0}, 8192, 1.0)}, {1}, {100}, planner, {}).empty());
}

TEST(Selection, TiesKeepTheCandidatesOrder) {
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 10);
  planner.set(1, {}, 100);
  planner.set(1, {1}, 10);
  const auto selected = select_indexes({candidate({"a"}, {0}), candidate({"b"}, {1})}, {1, 1}, {100, 100}, planner, {});
  EXPECT_EQ(ids(selected), (std::vector<std::size_t>{0, 1}));
  TableWhatIf swapped;  // the same costs with the candidates given the other way round
  swapped.set(0, {}, 100);
  swapped.set(0, {1}, 10);
  swapped.set(1, {}, 100);
  swapped.set(1, {0}, 10);
  const auto reversed = select_indexes({candidate({"b"}, {1}), candidate({"a"}, {0})}, {1, 1}, {100, 100}, swapped, {});
  ASSERT_EQ(ids(reversed), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(reversed[0].evaluation.candidate.keys[0].term.column, "b");
}

TEST(Selection, ACandidateThatCannotBeWeighedGainsNothing) {
  TableWhatIf planner;  // no costs at all: every cost() is -1
  EXPECT_TRUE(select_indexes({candidate({"a"}, {0})}, {1}, {100}, planner, {}).empty());
}

TEST(Selection, StopsAtMaxIndexes) {
  TableWhatIf planner;
  std::vector<WeighedCandidate> candidates;
  std::vector<double> calls, costs;
  for (int s = 0; s < 5; ++s) {
    planner.set(s, {}, 100);
    planner.set(s, {static_cast<std::size_t>(s)}, 1);
    candidates.push_back(candidate({"c" + std::to_string(s)}, {s}));
    calls.push_back(1);
    costs.push_back(100);
  }
  SelectionLimits limits;
  limits.max_indexes = 3;
  EXPECT_EQ(select_indexes(candidates, calls, costs, planner, limits).size(), 3u);
}

TEST(Extends, OnlySameKeysAndPredicateWithMoreIncludes) {
  const IndexCandidate plain = candidate({"k"}, {0}).candidate;
  const IndexCandidate covering = candidate({"k"}, {0}, 0, 0, {"v"}).candidate;
  EXPECT_TRUE(extends(covering, plain));
  EXPECT_FALSE(extends(plain, covering));
  EXPECT_FALSE(extends(candidate({"j"}, {0}, 0, 0, {"v"}).candidate, plain));
  IndexCandidate partial = covering;
  partial.predicate_sql = "flag";
  EXPECT_FALSE(extends(partial, plain));
}
