// Under a budget, the better of pg_insights' selection and Extend's
// (core/advice/budget_choice.h), with a table of planner costs.
#include <gtest/gtest.h>

#include <vector>

#include "core/advice/budget_choice.h"
#include "advice_what_if_table.h"

using namespace insights::advice;
using namespace insights::advice::testing;

namespace {

SelectionLimits budget(double bytes) {
  SelectionLimits limits;
  limits.budget_bytes = bytes;
  return limits;
}

Workload calls_and_costs(std::vector<double> calls, std::vector<double> costs) {
  Workload w;
  for (std::size_t s = 0; s < calls.size(); ++s) w.statements.push_back(WorkloadStatement{calls[s], costs[s], 0});
  return w;
}

}  // namespace

TEST(BudgetChoice, TakesExtendsSetWhenItLeavesTheWorkloadCheaper) {
  // (a, b) 100 -> 5 does not fit 60 bytes; (a) 100 -> 90 fits but is under
  // the 20% bar of pg_insights' selection, which advises nothing. Extend
  // takes (a): 90 is cheaper than 100.
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 5);
  planner.set(0, {1}, 90);
  const std::vector<WeighedCandidate> candidates = {candidate({"a", "b"}, {0}, 100), candidate({"a"}, {0}, 50)};
  const BudgetChoice choice = select_within_budget(candidates, calls_and_costs({1}, {100}), planner, budget(60));
  EXPECT_EQ(choice.winner, BudgetWinner::kExtend);
  EXPECT_EQ(ids(choice.selected), (std::vector<std::size_t>{1}));
  EXPECT_DOUBLE_EQ(choice.own_cost, 100);
  EXPECT_DOUBLE_EQ(choice.extend_cost, 90);
}

TEST(BudgetChoice, KeepsItsOwnSetWhenExtendMissesAPair) {
  // One statement gains only from both sides of a join (x on table 1, y on
  // table 2): each alone leaves it at 100, so Extend takes nothing; the
  // pair move of pg_insights' selection takes both.
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 100);
  planner.set(0, {1}, 100);
  planner.set(0, {0, 1}, 10);
  const std::vector<WeighedCandidate> candidates = {candidate({"x"}, {0}, 100, {}, 1),
                                                    candidate({"y"}, {0}, 100, {}, 2)};
  const BudgetChoice choice = select_within_budget(candidates, calls_and_costs({3}, {100}), planner, budget(1000));
  EXPECT_EQ(choice.winner, BudgetWinner::kOwn);
  EXPECT_EQ(ids(choice.selected), (std::vector<std::size_t>{0, 1}));
  EXPECT_DOUBLE_EQ(choice.own_cost, 30);
  EXPECT_DOUBLE_EQ(choice.extend_cost, 300);
}

TEST(BudgetChoice, KeepsItsOwnSetOnATie) {
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 10);
  const BudgetChoice choice =
      select_within_budget({candidate({"a"}, {0}, 100)}, calls_and_costs({1}, {100}), planner, budget(100));
  EXPECT_EQ(choice.winner, BudgetWinner::kOwn);
  EXPECT_EQ(ids(choice.selected), (std::vector<std::size_t>{0}));
  EXPECT_DOUBLE_EQ(choice.own_cost, choice.extend_cost);
}

TEST(BudgetChoice, WorkloadCostPlansOnlyTheStatementsTheChosenServe) {
  // Statement 1 is no chosen candidate's: its recorded cost, never planned.
  TableWhatIf planner;
  planner.set(0, {0}, 10);
  const std::vector<WeighedCandidate> candidates = {candidate({"a"}, {0})};
  SelectedIndex chosen;
  chosen.candidate = 0;
  chosen.evaluation.candidate = candidates[0].candidate;
  EXPECT_DOUBLE_EQ(workload_cost_with({chosen}, candidates, calls_and_costs({2, 5}, {100, 7}), planner), 2 * 10 + 5 * 7);
  EXPECT_EQ(planner.calls, 1);
  // Nothing chosen: the workload as recorded.
  EXPECT_DOUBLE_EQ(workload_cost_with({}, candidates, calls_and_costs({2, 5}, {100, 7}), planner), 2 * 100 + 5 * 7);
}

TEST(BudgetChoice, EachSelectionWeighsOnlyItsOwnAdditions) {
  // Candidate 0 is Extend's addition, 1 a narrow form of pg_insights' own:
  // pg_insights' selection never takes 0, Extend never takes 1.
  TableWhatIf planner;
  planner.set(0, {}, 100);
  planner.set(0, {0}, 10);
  planner.set(0, {1}, 20);
  std::vector<WeighedCandidate> candidates = {candidate({"a"}, {0}, 100), candidate({"b"}, {0}, 100)};
  candidates[0].candidate.pool = SelectionPool::kExtend;
  candidates[1].candidate.pool = SelectionPool::kOwn;
  EXPECT_EQ(ids(select_indexes(candidates, calls_and_costs({1}, {100}), planner, budget(100))),
            (std::vector<std::size_t>{1}));
  const BudgetChoice choice = select_within_budget(candidates, calls_and_costs({1}, {100}), planner, budget(100));
  EXPECT_EQ(choice.winner, BudgetWinner::kExtend);
  EXPECT_EQ(ids(choice.selected), (std::vector<std::size_t>{0}));
  EXPECT_DOUBLE_EQ(choice.own_cost, 20);
  EXPECT_DOUBLE_EQ(choice.extend_cost, 10);
}
