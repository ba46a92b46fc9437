#include "core/stats/text_arena.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

using namespace insights;

TEST(TextArena, AppendsUntilFull) {
  char buf[16];
  TextArena a{buf, sizeof buf, 0};
  TextRef r1 = a.append("select 1", 8);
  ASSERT_EQ(r1.offset, 0u);
  EXPECT_STREQ(a.at(r1), "select 1");
  TextRef r2 = a.append("abcdef", 6);
  ASSERT_EQ(r2.offset, 9u);
  EXPECT_EQ(a.used, 16u);
  EXPECT_EQ(a.append("x", 1).offset, kNoText);
  EXPECT_EQ(a.at(TextRef{kNoText, 0}), nullptr);
}

TEST(TextArena, CompactionKeepsLiveTextsAndFreesDeadOnes) {
  std::vector<char> buf(64);
  TextArena a{buf.data(), buf.size(), 0};
  TextRef dead1 = a.append("dead one", 8);
  TextRef live1 = a.append("alpha", 5);
  TextRef dead2 = a.append("dead two", 8);
  TextRef live2 = a.append("beta", 4);
  TextRef none{kNoText, 0};
  (void)dead1;
  (void)dead2;
  TextRef* refs[] = {&live2, &none, &live1};
  const size_t used = compact(a, refs, 3);
  EXPECT_EQ(used, 6u + 5u);
  EXPECT_EQ(live1.offset, 0u);
  EXPECT_STREQ(a.at(live1), "alpha");
  EXPECT_STREQ(a.at(live2), "beta");
  EXPECT_EQ(none.offset, kNoText);
  TextRef more = a.append("gamma", 5);
  EXPECT_EQ(more.offset, 11u);
  EXPECT_STREQ(a.at(more), "gamma");
}
