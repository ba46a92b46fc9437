// narrow_forms: the narrow shapes a budgeted selection starts from.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/advice/index_candidate.h"
#include "core/advice/narrow_forms.h"

using namespace insights::advice;

namespace {

IndexKey asc(const std::string& column) { return IndexKey{KeyTerm::of_column(column), false, false}; }
IndexKey desc(const std::string& column) { return IndexKey{KeyTerm::of_column(column), true, true}; }

IndexCandidate candidate(std::vector<IndexKey> keys, int equality_keys, std::vector<int> statements,
                         std::vector<std::string> include = {}, std::string predicate = {}) {
  IndexCandidate c;
  c.table_oid = 100;
  c.schema = "public";
  c.table = "orders";
  c.keys = std::move(keys);
  c.equality_keys = equality_keys;
  c.include = std::move(include);
  c.predicate_sql = std::move(predicate);
  c.statements = std::move(statements);
  return c;
}

// "keys [+include] [WHERE ...] (equality keys) <- statements" per form.
std::vector<std::string> summary(const std::vector<IndexCandidate>& forms) {
  std::vector<std::string> lines;
  for (const IndexCandidate& c : forms) {
    std::string line = c.columns_text();
    for (const std::string& column : c.include) line += " +" + column;
    if (c.is_partial()) line += " WHERE " + c.predicate_sql;
    line += " (" + std::to_string(c.equality_keys) + ") <-";
    for (int s : c.statements) line += " " + std::to_string(s);
    lines.push_back(line);
  }
  return lines;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST(NarrowForms, AWideCandidateGivesItsKeysItsEqualityPrefixAndItsLeadingKey) {
  const std::vector<IndexCandidate> pool = {
      candidate({asc("o_custkey"), asc("o_clerk"), desc("o_orderdate")}, 2, {0, 3}, {"o_orderkey"})};
  EXPECT_EQ(summary(narrow_forms(pool)), (Lines{"o_custkey, o_clerk, o_orderdate DESC (2) <- 0 3",
                                                "o_custkey, o_clerk (2) <- 0 3", "o_custkey (1) <- 0 3"}));
}

TEST(NarrowForms, FormsThePoolHasOrThatRepeatAreLeftOutOrUnited) {
  const std::vector<IndexCandidate> pool = {
      candidate({asc("o_custkey"), desc("o_orderdate")}, 1, {0}, {"o_orderkey"}),
      candidate({asc("o_custkey"), desc("o_orderdate")}, 1, {1}),  // the plain twin: in the pool
      candidate({asc("o_custkey"), asc("o_totalprice")}, 1, {2}),
      candidate({asc("o_clerk")}, 1, {4}),  // one key, no INCLUDE: nothing narrower
  };
  EXPECT_EQ(summary(narrow_forms(pool)), (Lines{"o_custkey (1) <- 0 1 2"}));
}

TEST(NarrowForms, KeepPredicateAndLeaveOtherMethodsAlone) {
  IndexCandidate gin = candidate({asc("tags"), asc("x")}, 0, {1});
  gin.method = IndexMethod::kGin;
  const std::vector<IndexCandidate> pool = {candidate({asc("a"), asc("b")}, 1, {0}, {}, "active"), gin};
  const std::vector<IndexCandidate> forms = narrow_forms(pool);
  EXPECT_EQ(summary(forms), (Lines{"a WHERE active (1) <- 0"}));
}
