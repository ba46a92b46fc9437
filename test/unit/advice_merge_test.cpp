// served_by and merge_candidates: existing indexes that already serve a
// candidate, and one index serving several statements.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/advice/index_candidate.h"
#include "core/advice/merge.h"

using namespace insights::advice;

namespace {

IndexKey asc(const std::string& column) { return IndexKey{KeyTerm::of_column(column), false, false}; }
IndexKey desc(const std::string& column) { return IndexKey{KeyTerm::of_column(column), true, true}; }

IndexCandidate candidate(std::vector<IndexKey> keys, std::vector<int> statements,
                         std::vector<std::string> include = {}, std::string predicate = {},
                         std::uint32_t table_oid = 100) {
  IndexCandidate c;
  c.table_oid = table_oid;
  c.schema = "public";
  c.table = table_oid == 100 ? "orders" : "customers";
  c.keys = std::move(keys);
  c.include = std::move(include);
  c.predicate_sql = std::move(predicate);
  c.statements = std::move(statements);
  return c;
}

ExistingIndex index(std::vector<IndexKey> keys, std::vector<std::string> include = {},
                    std::string predicate = {}) {
  ExistingIndex i;
  i.name = "existing_idx";
  i.keys = std::move(keys);
  i.include = std::move(include);
  i.predicate_sql = std::move(predicate);
  return i;
}

// One line per merged candidate: "keys [INCLUDE ...] [WHERE ...] <- statements".
std::vector<std::string> summary(const std::vector<IndexCandidate>& merged) {
  std::vector<std::string> lines;
  for (const IndexCandidate& c : merged) {
    std::string line = std::to_string(c.table_oid) + ": " + c.columns_text();
    for (const std::string& column : c.include) line += " +" + column;
    if (c.is_partial()) line += " WHERE " + c.predicate_sql;
    line += " <-";
    for (int s : c.statements) line += " " + std::to_string(s);
    lines.push_back(line);
  }
  return lines;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST(AdviceServedBy, IndexWithTheSamePrefixServes) {
  const ExistingIndex existing = index({asc("customer_id"), asc("created_at")});
  EXPECT_TRUE(served_by(candidate({asc("customer_id")}, {1}), existing));
  EXPECT_TRUE(served_by(candidate({asc("customer_id"), asc("created_at")}, {1}), existing));
  EXPECT_FALSE(served_by(candidate({asc("created_at")}, {1}), existing));
  EXPECT_FALSE(served_by(candidate({asc("customer_id"), asc("created_at"), asc("id")}, {1}), existing));
}

TEST(AdviceServedBy, ReversedDirectionsServeMixedOnesDoNot) {
  // A backward scan of (created_at ASC NULLS LAST) gives created_at DESC NULLS FIRST.
  EXPECT_TRUE(served_by(candidate({desc("created_at")}, {1}), index({asc("created_at")})));
  IndexKey desc_nulls_last = desc("created_at");
  desc_nulls_last.nulls_first = false;
  EXPECT_FALSE(served_by(candidate({desc_nulls_last}, {1}), index({asc("created_at")})));

  EXPECT_TRUE(served_by(candidate({desc("a"), asc("b")}, {1}), index({asc("a"), desc("b")})));
  EXPECT_FALSE(served_by(candidate({asc("a"), asc("b")}, {1}), index({asc("a"), desc("b")})));
}

TEST(AdviceServedBy, PredicateMustBeAbsentOrTheSame) {
  const IndexCandidate pending = candidate({asc("customer_id")}, {1}, {}, "status = 'pending'::text");
  EXPECT_TRUE(served_by(pending, index({asc("customer_id")})));
  EXPECT_TRUE(served_by(pending, index({asc("customer_id")}, {}, "status = 'pending'::text")));
  EXPECT_FALSE(served_by(pending, index({asc("customer_id")}, {}, "status = 'failed'::text")));
  EXPECT_FALSE(served_by(candidate({asc("customer_id")}, {1}), index({asc("customer_id")}, {}, "status = 'pending'::text")));
}

TEST(AdviceServedBy, IncludeColumnsMustBeStored) {
  const IndexCandidate covering = candidate({asc("a")}, {1}, {"b", "c"});
  EXPECT_TRUE(served_by(covering, index({asc("a"), asc("b")}, {"c"})));
  EXPECT_TRUE(served_by(covering, index({asc("a")}, {"b", "c", "d"})));
  EXPECT_FALSE(served_by(covering, index({asc("a")}, {"b"})));
}

TEST(AdviceServedBy, InvalidIndexDoesNotServe) {
  ExistingIndex broken = index({asc("customer_id")});
  broken.valid = false;
  const IndexCandidate c = candidate({asc("customer_id")}, {1});
  EXPECT_FALSE(served_by(c, broken));
  EXPECT_FALSE(served_by_any(c, {broken, index({asc("status")})}));
  EXPECT_TRUE(served_by_any(c, {broken, index({asc("status")}), index({asc("customer_id"), asc("id")})}));
  EXPECT_FALSE(served_by_any(c, {}));
}

TEST(AdviceMerge, IdenticalCandidatesUniteTheirStatements) {
  const std::vector<IndexCandidate> merged =
      merge_candidates({candidate({asc("customer_id")}, {3, 1}), candidate({asc("customer_id")}, {2, 3})});
  EXPECT_EQ(summary(merged), (Lines{"100: customer_id <- 1 2 3"}));
}

TEST(AdviceMerge, PrefixIsAbsorbed) {
  const std::vector<IndexCandidate> merged = merge_candidates(
      {candidate({asc("customer_id")}, {1}), candidate({asc("customer_id"), desc("created_at")}, {2})});
  EXPECT_EQ(summary(merged), (Lines{"100: customer_id, created_at DESC <- 1 2"}));
}

TEST(AdviceMerge, ReversedPrefixIsAbsorbedMixedDirectionsAreNot) {
  EXPECT_EQ(summary(merge_candidates({candidate({desc("created_at")}, {1}),
                                      candidate({asc("created_at"), asc("id")}, {2})})),
            (Lines{"100: created_at, id <- 1 2"}));
  EXPECT_EQ(summary(merge_candidates({candidate({asc("a"), desc("b")}, {1}),
                                      candidate({asc("a"), asc("b"), asc("c")}, {2})})),
            (Lines{"100: a, b DESC <- 1", "100: a, b, c <- 2"}));
}

TEST(AdviceMerge, ReversedTwinsBecomeOne) {
  const std::vector<IndexCandidate> merged =
      merge_candidates({candidate({desc("created_at")}, {2}), candidate({asc("created_at")}, {1})});
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].statements, (std::vector<int>{1, 2}));
}

TEST(AdviceMerge, AbsorptionIsTransitive) {
  const std::vector<IndexCandidate> merged =
      merge_candidates({candidate({asc("a"), asc("b")}, {2}), candidate({asc("a")}, {1}),
                        candidate({asc("a"), asc("b"), asc("c")}, {3})});
  EXPECT_EQ(summary(merged), (Lines{"100: a, b, c <- 1 2 3"}));
}

TEST(AdviceMerge, APrefixOfTwoServesBoth) {
  const std::vector<IndexCandidate> merged = merge_candidates(
      {candidate({asc("a")}, {1}), candidate({asc("a"), asc("b")}, {2}), candidate({asc("a"), asc("c")}, {3})});
  EXPECT_EQ(summary(merged), (Lines{"100: a, b <- 1 2", "100: a, c <- 1 3"}));
}

TEST(AdviceMerge, DifferentPredicatesAreNotMerged) {
  const std::vector<IndexCandidate> merged =
      merge_candidates({candidate({asc("customer_id")}, {1}, {}, "status = 'pending'::text"),
                        candidate({asc("customer_id"), asc("created_at")}, {2}, {}, "status = 'failed'::text"),
                        candidate({asc("customer_id"), asc("created_at")}, {3})});
  EXPECT_EQ(summary(merged), (Lines{"100: customer_id WHERE status = 'pending'::text <- 1",
                                    "100: customer_id, created_at <- 3",
                                    "100: customer_id, created_at WHERE status = 'failed'::text <- 2"}));
}

TEST(AdviceMerge, IncludesDecideAbsorption) {
  // (a) INCLUDE (b) is served by (a, b): b is stored as a key.
  EXPECT_EQ(summary(merge_candidates({candidate({asc("a")}, {1}, {"b"}), candidate({asc("a"), asc("b")}, {2})})),
            (Lines{"100: a, b <- 1 2"}));
  // ... but not by (a, c).
  EXPECT_EQ(summary(merge_candidates({candidate({asc("a")}, {1}, {"b"}), candidate({asc("a"), asc("c")}, {2})})),
            (Lines{"100: a +b <- 1", "100: a, c <- 2"}));
}

TEST(AdviceMerge, OtherTablesAreNeverMerged) {
  const std::vector<IndexCandidate> merged =
      merge_candidates({candidate({asc("id")}, {1}, {}, {}, 200), candidate({asc("id"), asc("x")}, {2}, {}, {}, 100)});
  EXPECT_EQ(summary(merged), (Lines{"100: id, x <- 2", "200: id <- 1"}));
}

TEST(AdviceMerge, OutputDoesNotDependOnInputOrder) {
  std::vector<IndexCandidate> input = {
      candidate({asc("b")}, {4}),
      candidate({asc("a")}, {1}),
      candidate({asc("a"), asc("c")}, {2}, {}, "x IS NOT NULL"),
      candidate({asc("id")}, {5}, {}, {}, 200),
      candidate({desc("a"), desc("b")}, {3}),
  };
  const Lines expected = {"100: a DESC, b DESC <- 1 3", "100: a, c WHERE x IS NOT NULL <- 2", "100: b <- 4",
                          "200: id <- 5"};
  std::sort(input.begin(), input.end(),
            [](const IndexCandidate& x, const IndexCandidate& y) { return x.statements < y.statements; });
  do {
    EXPECT_EQ(summary(merge_candidates(input)), expected);
  } while (std::next_permutation(input.begin(), input.end(), [](const IndexCandidate& x, const IndexCandidate& y) {
    return x.statements < y.statements;
  }));
}

TEST(AdviceServedBy, EqualityKeysServeInAnyOrder) {
  // tenant_id = $1 AND external_id = $2: an index on (external_id, tenant_id)
  // serves it as well as one on (tenant_id, external_id).
  IndexCandidate c = candidate({asc("tenant_id"), asc("external_id")}, {1});
  c.equality_keys = 2;
  EXPECT_TRUE(served_by(c, index({asc("external_id"), asc("tenant_id")})));
  EXPECT_TRUE(served_by(c, index({asc("external_id"), desc("tenant_id"), asc("name")})));
  EXPECT_FALSE(served_by(c, index({asc("external_id"), asc("name"), asc("tenant_id")})));
  // Without the equality count the order is the order.
  c.equality_keys = 0;
  EXPECT_FALSE(served_by(c, index({asc("external_id"), asc("tenant_id")})));
}

TEST(AdviceServedBy, KeysAfterTheEqualitiesKeepTheirOrder) {
  // customer_id = $1 ORDER BY created_at DESC: created_at must follow.
  IndexCandidate c = candidate({asc("customer_id"), desc("created_at")}, {1});
  c.equality_keys = 1;
  EXPECT_TRUE(served_by(c, index({asc("customer_id"), asc("created_at")})));  // scanned backward
  EXPECT_FALSE(served_by(c, index({asc("created_at"), asc("customer_id")})));
}

TEST(AdviceMerge, EqualityKeysInAnotherOrderBecomeOne) {
  IndexCandidate a = candidate({asc("a"), asc("b")}, {1});
  IndexCandidate b = candidate({asc("b"), asc("a")}, {2});
  a.equality_keys = b.equality_keys = 2;
  const std::vector<IndexCandidate> merged = merge_candidates({a, b});
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].statements, (std::vector<int>{1, 2}));
}

TEST(AdviceMerge, TwinsWithDifferentIncludesGetTheirUnion) {
  // One key, a plain candidate and two covering twins (one per statement):
  // one more candidate INCLUDEs both lists and serves every statement.
  EXPECT_EQ(summary(merge_candidates({candidate({asc("k")}, {3}), candidate({asc("k")}, {1}, {"x"}),
                                      candidate({asc("k")}, {2}, {"y"})})),
            (Lines{"100: k <- 3", "100: k +x <- 1", "100: k +y <- 2", "100: k +x +y <- 1 2 3"}));
  // One list, or one list holding the other: nothing more.
  EXPECT_EQ(summary(merge_candidates({candidate({asc("k")}, {3}), candidate({asc("k")}, {1}, {"x"})})),
            (Lines{"100: k <- 3", "100: k +x <- 1"}));
  EXPECT_EQ(summary(merge_candidates({candidate({asc("k")}, {1}, {"x"}), candidate({asc("k")}, {2}, {"x", "y"})})),
            (Lines{"100: k +x <- 1", "100: k +x +y <- 2"}));
  // Wider than candidates_for would INCLUDE: nothing more.
  EXPECT_EQ(summary(merge_candidates({candidate({asc("k")}, {1}, {"a", "b", "c"}), candidate({asc("k")}, {2}, {"d", "e"})}))
                .size(),
            2u);
}

TEST(AdviceRepeatedUniqueKey, LeadingKeysOfAUniqueIndexInAnyOrder) {
  ExistingIndex pkey = index({asc("id")});
  pkey.name = "users_pkey";
  pkey.unique = true;
  ExistingIndex tenant_external = index({asc("tenant_id"), asc("external_id")});
  tenant_external.name = "users_tenant_external";
  tenant_external.unique = true;
  const std::vector<ExistingIndex> indexes = {pkey, tenant_external};
  EXPECT_EQ(repeated_unique_key(candidate({asc("id")}, {1}, {"email", "name"}), indexes), "users_pkey");
  EXPECT_EQ(repeated_unique_key(candidate({asc("external_id"), asc("tenant_id")}, {1}, {"email"}), indexes),
            "users_tenant_external");
  EXPECT_EQ(repeated_unique_key(candidate({asc("external_id")}, {1}, {"email"}), indexes), "");
  EXPECT_EQ(repeated_unique_key(candidate({asc("email"), asc("id")}, {1}), indexes), "");
  ExistingIndex plain = index({asc("email")});
  EXPECT_EQ(repeated_unique_key(candidate({asc("email")}, {1}, {"id"}), {plain}), "");  // not unique
}

TEST(AdviceMadeRedundant, ExistingIndexesTheCandidateWidens) {
  ExistingIndex a = index({asc("a")});
  a.name = "t_a";
  ExistingIndex a_inc = index({asc("a")}, {"z"});
  a_inc.name = "t_a_inc_z";
  ExistingIndex b = index({asc("b")});
  b.name = "t_b";
  ExistingIndex unique_a = index({asc("a")});
  unique_a.name = "t_a_key";
  unique_a.unique = true;
  EXPECT_EQ(made_redundant(candidate({asc("a"), asc("b")}, {1}), {a, a_inc, b, unique_a}), (Lines{"t_a"}));
  EXPECT_EQ(made_redundant(candidate({asc("a"), asc("b")}, {1}, {"z"}), {a, a_inc, b}), (Lines{"t_a", "t_a_inc_z"}));
  EXPECT_EQ(made_redundant(candidate({asc("b"), asc("a")}, {1}), {a}), (Lines{}));
}
