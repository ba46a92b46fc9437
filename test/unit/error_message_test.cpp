// The message kept for a failing statement: the errmsg() template with its
// conversions masked, never a byte the user sent.
#include <gtest/gtest.h>

#include <string>

#include "core/stats/error_message.h"

using namespace insights;

namespace {

std::string masked(const char* format, std::size_t capacity = 256) {
  char out[256];
  const std::size_t length = mask_error_template(format, out, capacity);
  EXPECT_EQ(length, std::string(out).size());
  return out;
}

}  // namespace

TEST(ErrorMessage, ServerTemplatesLoseEveryValue) {
  // The four failures of the issue, as the server's code writes them.
  EXPECT_EQ(masked("duplicate key value violates unique constraint \"%s\""),
            "duplicate key value violates unique constraint \"$1\"");
  EXPECT_EQ(masked("division by zero"), "division by zero");
  EXPECT_EQ(masked("new row for relation \"%s\" violates check constraint \"%s\""),
            "new row for relation \"$1\" violates check constraint \"$2\"");
  EXPECT_EQ(masked("invalid input syntax for type %s: \"%s\""), "invalid input syntax for type $1: \"$2\"");
  // PL/pgSQL's RAISE passes its whole text as one argument.
  EXPECT_EQ(masked("%s"), "$1");
}

TEST(ErrorMessage, EveryConversionForm) {
  EXPECT_EQ(masked("value %d out of range, %ld rows, %lld, %zu bytes"), "value $1 out of range, $2 rows, $3, $4 bytes");
  EXPECT_EQ(masked("%.*s and %-10s and %5.2f and %m"), "$1 and $2 and $3 and $4");
  EXPECT_EQ(masked("%2$s before %1$s"), "$1 before $2");
  EXPECT_EQ(masked("100%% sure: %u"), "100% sure: $1");
  EXPECT_EQ(masked("%#x %+d % d %05d %hhd %jd %td %Lf %c %p"), "$1 $2 $3 $4 $5 $6 $7 $8 $9 $10");
}

TEST(ErrorMessage, IncompleteConversionIsDropped) {
  EXPECT_EQ(masked("ends with %"), "ends with ");
  EXPECT_EQ(masked("ends with %5l"), "ends with ");
}

TEST(ErrorMessage, NullAndEmpty) {
  EXPECT_EQ(masked(nullptr), "");
  EXPECT_EQ(masked(""), "");
  char out[1] = {'x'};
  EXPECT_EQ(mask_error_template("abc", out, 1), 0u);
  EXPECT_EQ(out[0], '\0');
  EXPECT_EQ(mask_error_template("abc", out, 0), 0u);
}

TEST(ErrorMessage, CutOnCharacterAndPlaceholderBoundaries) {
  EXPECT_EQ(masked("abcdef", 4), "abc");
  // "é" is two bytes: never half of it.
  EXPECT_EQ(masked("ab\xc3\xa9z", 4), "ab");
  EXPECT_EQ(masked("ab\xc3\xa9z", 5), "ab\xc3\xa9");
  // Never half a placeholder ("$1" does not fit in what is left).
  EXPECT_EQ(masked("abc%s", 5), "abc");
  EXPECT_EQ(masked("abc%s", 6), "abc$1");
}
