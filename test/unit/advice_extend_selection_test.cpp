// Extend (core/advice/extend_selection.h) with a table of planner costs
// standing in for hypothetical indexes.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/advice/extend_selection.h"
#include "core/advice/index_candidate.h"
#include "advice_what_if_table.h"

using namespace insights::advice;
using namespace insights::advice::testing;

namespace {

ExtendLimits budget(double bytes) {
  ExtendLimits limits;
  limits.budget_bytes = bytes;
  return limits;
}

std::vector<std::string> key_columns(const IndexCandidate& c) {
  std::vector<std::string> out;
  for (const IndexKey& k : c.keys) out.push_back(k.term.column);
  return out;
}

}  // namespace

TEST(ExtendSelection, StartsFromOneKeyAndExtendsTheChosenInItsPlace) {
  // (a) takes 100 -> 60; (a, b) takes it to 10: (a) is replaced by (a, b).
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 60);
  planner.set(0, {1}, 10);
  const auto selected =
      select_indexes_extend({candidate({"a"}, {0}, 100), candidate({"a", "b"}, {0}, 150)}, {1}, {100}, planner, {});
  ASSERT_EQ(ids(selected), (std::vector<std::size_t>{1}));
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_before, 100);
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_after, 10);
  EXPECT_DOUBLE_EQ(selected[0].original_cost, 100);
}

TEST(ExtendSelection, AnExtensionCostsOnlyItsAdditionalBytesAgainstTheBudget) {
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 60);
  planner.set(0, {1}, 10);
  const std::vector<WeighedCandidate> pool{candidate({"a"}, {0}, 100), candidate({"a", "b"}, {0}, 150)};
  EXPECT_EQ(ids(select_indexes_extend(pool, {1}, {100}, planner, budget(150))), (std::vector<std::size_t>{1}));
  EXPECT_EQ(ids(select_indexes_extend(pool, {1}, {100}, planner, budget(149))), (std::vector<std::size_t>{0}));
  EXPECT_TRUE(select_indexes_extend(pool, {1}, {100}, planner, budget(99)).empty());
}

TEST(ExtendSelection, AMultiKeyCandidateWithoutItsOneKeyStartIsNeverReached) {
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 10);
  EXPECT_TRUE(select_indexes_extend({candidate({"a", "b"}, {0}, 150)}, {1}, {100}, planner, {}).empty());
}

TEST(ExtendSelection, TakesTheBestCutPerByteFirstAndStopsWhenNothingFits) {
  // Two statements: (a) saves 50 with 100 bytes, (b) saves 60 with 1000.
  const std::vector<WeighedCandidate> pool{candidate({"b"}, {1}, 1000), candidate({"a"}, {0}, 100)};
  TableWhatIf planner;  // candidate 0 is (b), 1 is (a)
  planner.set(0, {}, 100);
  planner.set(0, {1}, 50);
  planner.set(1, {}, 100);
  planner.set(1, {0}, 40);
  EXPECT_EQ(ids(select_indexes_extend(pool, {1, 1}, {100, 100}, planner, budget(1000))),
            (std::vector<std::size_t>{1}));
  EXPECT_EQ(ids(select_indexes_extend(pool, {1, 1}, {100, 100}, planner, {})), (std::vector<std::size_t>{1, 0}));
}

TEST(ExtendSelection, CallsWeighTheCut) {
  // (a) saves 50 on a statement called once, (b) 10 on one called 100 times.
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 50);
  planner.set(1, {}, 100);
  planner.set(1, {1}, 90);
  const auto selected = select_indexes_extend({candidate({"a"}, {0}, 100), candidate({"b"}, {1}, 100)}, {1, 100},
                                              {100, 100}, planner, budget(100));
  EXPECT_EQ(ids(selected), (std::vector<std::size_t>{1}));
}

TEST(ExtendSelection, StopsWhenAStepCutsTheWorkloadByLessThanTheRatio) {
  // (a) cuts 10,000 by 20 (0.2% < 0.3%): not taken.
  TableWhatIf planner;
  planner.set(0, {}, 10000);
  planner.set(0, {0}, 9980);
  const std::vector<WeighedCandidate> pool{candidate({"a"}, {0}, 100)};
  EXPECT_TRUE(select_indexes_extend(pool, {1}, {10000}, planner, {}).empty());
  ExtendLimits any_gain;
  any_gain.min_cost_ratio = 1.0;
  EXPECT_EQ(ids(select_indexes_extend(pool, {1}, {10000}, planner, any_gain)), (std::vector<std::size_t>{0}));
}

TEST(ExtendSelection, NeverTakesCoveringCandidatesNorWorseningSteps) {
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 5);    // (a) INCLUDE (c)
  planner.set(0, {1}, 50);   // (a)
  planner.set(0, {2}, 70);   // (a, b) is worse than (a): no extension
  const auto selected = select_indexes_extend(
      {candidate({"a"}, {0}, 100, {"c"}), candidate({"a"}, {0}, 80), candidate({"a", "b"}, {0}, 120)}, {1}, {100},
      planner, {});
  EXPECT_EQ(ids(selected), (std::vector<std::size_t>{1}));
}

TEST(ExtendSelection, PairsAreReachedOneIndexAtATimeAndServedStatementsNarrowed) {
  // Statement 0 needs (a) on one table and (x) on another; statement 1 is
  // listed for (x) but gains nothing from it.
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 60);
  planner.set(0, {1}, 80);
  planner.set(0, {0, 1}, 5);
  planner.set(1, {}, 10);
  const auto selected = select_indexes_extend(
      {candidate({"a"}, {0}, 100), candidate({"x"}, {0, 1}, 100, {}, 200)}, {1, 1}, {100, 10}, planner, {});
  ASSERT_EQ(ids(selected), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(selected[1].evaluation.candidate.statements, (std::vector<int>{0}));
  EXPECT_DOUBLE_EQ(selected[1].evaluation.cost_before, 60);
  EXPECT_DOUBLE_EQ(selected[1].evaluation.cost_after, 5);
  EXPECT_DOUBLE_EQ(selected[0].evaluation.cost_before, 80);
}

TEST(ExtendSelection, EachSetOfIndexesIsPlannedOncePerStatement) {
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 60);
  planner.set(0, {1}, 10);
  planner.set(1, {}, 100);
  planner.set(1, {2}, 50);
  select_indexes_extend({candidate({"a"}, {0}, 100), candidate({"a", "b"}, {0}, 150), candidate({"c"}, {1}, 100, {}, 200)},
                        {1, 1}, {100, 100}, planner, {});
  // {0}, {1} for statement 0; {2} for statement 1; then {0, 1} for
  // statement 0 (the replaced (a) may come back beside (a, b)), once.
  EXPECT_EQ(planner.calls, 4);
}

TEST(ExtendSelection, ExtendsByOneKey) {
  const IndexCandidate a = candidate({"a"}, {0}, 1).candidate;
  EXPECT_TRUE(extends_by_one_key(candidate({"a", "b"}, {0}, 1).candidate, a));
  EXPECT_FALSE(extends_by_one_key(candidate({"b", "a"}, {0}, 1).candidate, a));
  EXPECT_FALSE(extends_by_one_key(candidate({"a", "b", "c"}, {0}, 1).candidate, a));
  EXPECT_FALSE(extends_by_one_key(candidate({"a", "b"}, {0}, 1, {"c"}).candidate, a));
  EXPECT_FALSE(extends_by_one_key(candidate({"a", "b"}, {0}, 1, {}, 200).candidate, a));
  IndexCandidate partial = candidate({"a", "b"}, {0}, 1).candidate;
  partial.predicate_sql = "done";
  EXPECT_FALSE(extends_by_one_key(partial, a));
}

TEST(ExtendPoolAdditions, OneKeyOnEveryTermPrefixesAndPairsWithoutIncludes) {
  // Pool: (a, b, c) INCLUDE (d) for statement 0, (b) for statement 1, and
  // (x) on another table for statement 2.
  const std::vector<IndexCandidate> pool{candidate({"a", "b", "c"}, {0}, 1, {"d"}).candidate,
                                         candidate({"b"}, {1}, 1).candidate,
                                         candidate({"x"}, {2}, 1, {}, 200).candidate};
  std::vector<std::vector<std::string>> keys;
  for (const IndexCandidate& c : extend_pool_additions(pool, 6)) {
    keys.push_back(key_columns(c));
    EXPECT_TRUE(c.include.empty());
    EXPECT_EQ(c.table_oid, 100u);
    EXPECT_EQ(c.statements, (std::vector<int>{0, 1}));  // every statement of the table
  }
  const std::vector<std::vector<std::string>> expected{
      {"a"}, {"c"},                                     // (b) is in the pool
      {"a", "b"}, {"a", "b", "c"}, {"a", "b", "c", "d"},  // prefixes, on into the INCLUDEs
      {"a", "c"}, {"b", "a"}, {"b", "c"}, {"c", "a"}, {"c", "b"},  // pairs
      // each of those (and the pool's (b)) extended by a column the table's statements use
      {"b", "d"}, {"a", "d"}, {"c", "d"}, {"a", "b", "d"}, {"a", "c", "b"}, {"a", "c", "d"}, {"b", "a", "c"},
      {"b", "a", "d"}, {"b", "c", "a"}, {"b", "c", "d"}, {"c", "a", "b"}, {"c", "a", "d"}, {"c", "b", "a"},
      {"c", "b", "d"}};
  EXPECT_EQ(keys, expected);
  // At most two keys: the one-key ones, (a, b), the pairs, (b, d), (a, d), (c, d).
  EXPECT_EQ(extend_pool_additions(pool, 2).size(), 11u);
}
