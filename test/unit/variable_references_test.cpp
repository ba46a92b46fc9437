#include "core/stats/variable_references.h"

#include <gtest/gtest.h>

#include <string>

using insights::substitute_variable_references;
using insights::variable_reference_length;
using insights::VariableReference;

TEST(VariableReferences, LengthOfEachKind) {
  EXPECT_EQ(variable_reference_length("x = p_customer AND y", 4), 10u);
  EXPECT_EQ(variable_reference_length("x = p_customer", 4), 10u);
  EXPECT_EQ(variable_reference_length("x = blk.v + 1", 4), 5u);
  EXPECT_EQ(variable_reference_length("x = blk . v)", 4), 7u);
  EXPECT_EQ(variable_reference_length("x = \"My \"\"Var\"\"\".f", 4), 14u);
  EXPECT_EQ(variable_reference_length("SELECT r.* FROM t", 7), 3u);
  EXPECT_EQ(variable_reference_length("x = $12::int", 4), 3u);
  EXPECT_EQ(variable_reference_length("x = v$1::int", 4), 3u);
  EXPECT_EQ(variable_reference_length("x = v.", 4), 1u);  // a trailing dot is not part of it
  EXPECT_EQ(variable_reference_length("x = 42", 4), 0u);
  EXPECT_EQ(variable_reference_length("x = $", 4), 0u);
  EXPECT_EQ(variable_reference_length("x = \"open", 4), 0u);
  EXPECT_EQ(variable_reference_length("x", 5), 0u);
  EXPECT_EQ(variable_reference_length("x = ä_var,", 4), 6u);  // UTF-8 letters are identifier bytes
}

static std::string substitute(std::string_view text, std::initializer_list<VariableReference> refs, std::string* ids_out,
                              std::size_t capacity = 256) {
  char out[256];
  std::uint32_t ids[8];
  int id_count = 0;
  const std::size_t n =
      substitute_variable_references(text, refs.begin(), static_cast<int>(refs.size()), out, capacity, ids, &id_count);
  ids_out->clear();
  for (int i = 0; i < id_count; ++i) *ids_out += std::to_string(ids[i]) + ",";
  return n == 0 ? std::string("<none>") : std::string(out, n);
}

TEST(VariableReferences, NumbersDistinctParamsInOrder) {
  std::string ids;
  const std::string_view text = "SELECT * FROM t WHERE a = p_b AND c > p_a AND d = p_b";
  EXPECT_EQ(substitute(text, {{26, 3, 7}, {38, 3, 2}, {50, 3, 7}}, &ids),
            "SELECT * FROM t WHERE a = $1 AND c > $2 AND d = $1");
  EXPECT_EQ(ids, "7,2,");
  EXPECT_EQ(substitute("SELECT 1", {}, &ids), "SELECT 1");
  EXPECT_EQ(ids, "");
}

TEST(VariableReferences, RefusesWhatDoesNotFit) {
  std::string ids;
  EXPECT_EQ(substitute("a = v AND b = w", {{14, 1, 2}, {4, 1, 1}}, &ids), "<none>");  // unsorted
  EXPECT_EQ(substitute("a = vv", {{4, 2, 1}, {5, 1, 2}}, &ids), "<none>");              // overlapping
  EXPECT_EQ(substitute("a = v", {{4, 5, 1}}, &ids), "<none>");                          // past the end
  EXPECT_EQ(substitute("a = variable", {{4, 8, 1}}, &ids, 5), "<none>");                // too small
  EXPECT_EQ(substitute("a = variable", {{4, 8, 1}}, &ids, 6), "a = $1");
}
