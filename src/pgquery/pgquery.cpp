#include "pgquery/pgquery.h"

#include "pgquery/stack_budget.h"

#include <pg_query.h>

#include <strings.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

// The Makefile names the version of the libpg_query it links (and whose
// pg_query.h it puts first on the include path): the header must be that
// version's, whose parser is PostgreSQL PG_MAJORVERSION's.
#ifndef PGI_LIBPG_QUERY_VERSION
#error "PGI_LIBPG_QUERY_VERSION is not defined: build with the project's Makefile"
#endif
static_assert(PGI_LIBPG_QUERY_VERSION[0] == PG_MAJORVERSION[0] && PGI_LIBPG_QUERY_VERSION[1] == PG_MAJORVERSION[1] &&
                  PGI_LIBPG_QUERY_VERSION[2] == '-',
              "pg_query.h is not the header of the libpg_query the Makefile links");

// The limit libpg_query's stack_is_too_deep() (stack_check.cpp) compares the
// stack pointer with, and whether a call reached it. Hidden: only
// libpg_query's private object reads them; nothing outside pg_insights.so may.
extern "C" {
__attribute__((visibility("hidden"))) const char* pgi_pgquery_stack_limit = nullptr;
__attribute__((visibility("hidden"))) bool pgi_pgquery_stack_exceeded = false;
}

namespace insights::pgquery {
namespace {

// How deep libpg_query goes (read in its source and measured with Debian's
// libpg_query 15-4.0 on a stack filled with a pattern; the texts of
// test/security/deep_statements.sh, which 17-6.1, linked since, passes too):
// - its parser is bison's, with its stack on the heap and at most 10,000
//   entries ("memory exhausted" beyond): parsing needs about 10 kB of stack;
// - fingerprint's walker stops at 100 levels (15 kB at most), except along
//   UNION/INTERSECT/EXCEPT chains (SelectStmt.larg/rarg), which it follows
//   to the end: 64 bytes a level;
// - normalize's walker recurses over the whole tree: about 384 bytes a level
//   (a 200 kB text of "1+1+…" needs 38 MB). Each level goes through
//   raw_expression_tree_walker(), which calls check_stack_depth(), except
//   along set-operation chains again (320 bytes a level, unchecked).
// So the stack libpg_query uses without ever checking is bounded by a
// constant plus the number of set operations, which is at most the number of
// times "union", "intersect" or "except" stands alone in the text. That much
// is reserved below the limit stack_is_too_deep() enforces.
constexpr std::size_t kUncheckedBytes = 128 * 1024;   // parser, capped walkers; measured 15 kB
constexpr std::size_t kBytesPerSetOperation = 512;    // measured 320 + 64
constexpr std::size_t kShortestSetOperation = 5;      // "union", "except": set operations <= length / 5
// Room for the checked part below which a call is not worth starting.
constexpr std::size_t kMinCheckedBytes = 64 * 1024;

// A statement deeper than the server's stack allows here gets one more try on
// a stack of its own, this many times max_stack_depth: libpg_query needs up
// to 2.5 times the stack PostgreSQL's parse analysis needs for the same
// nesting (13,000 casts: 2 MB in the server, 5 MB in normalize), and every
// statement the server accepted must be fingerprinted and normalized.
constexpr std::size_t kSeparateStackFactor = 4;
constexpr std::size_t kSeparateStackMin = std::size_t{8} << 20;
constexpr std::size_t kSeparateStackMax = std::size_t{1} << 30;
constexpr std::size_t kGuardBytes = 64 * 1024;

const char kTooDeep[] = "statement too deeply nested for pg_insights";

void set_error(ParseError* error, const char* message, bool too_deep) noexcept {
  if (error == nullptr) return;
  std::strncpy(error->message, message, sizeof error->message - 1);
  error->message[sizeof error->message - 1] = '\0';
  error->cursor_position = 0;
  error->too_deep = too_deep;
}

void copy_error(const PgQueryError* src, ParseError* dst) noexcept {
  set_error(dst, (src != nullptr && src->message != nullptr) ? src->message : "unknown parse error", false);
  if (dst != nullptr) dst->cursor_position = src != nullptr ? src->cursorpos : 0;
}

// A character that continues an identifier or keyword in PostgreSQL's lexer.
bool identifier_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

// How many set operations the text can hold, counted: the words "union",
// "intersect" and "except" standing alone (as the keyword must), wherever
// they are (in a string too: counting more is safe).
std::size_t count_set_operations(const char* sql, std::size_t length) noexcept {
  std::size_t count = 0;
  for (std::size_t i = 0; i < length; ++i) {
    const char c = sql[i];
    if ((c != 'u' && c != 'U' && c != 'i' && c != 'I' && c != 'e' && c != 'E') ||
        (i > 0 && identifier_char(sql[i - 1])))
      continue;
    for (const char* word : {"union", "intersect", "except"}) {
      const std::size_t n = std::strlen(word);
      if (i + n <= length && strncasecmp(sql + i, word, n) == 0 && !identifier_char(sql[i + n])) {
        ++count;
        break;
      }
    }
  }
  return count;
}

// The stack libpg_query may use without checking it, for a text holding at
// most `set_operations` of them.
std::size_t unchecked_bytes(std::size_t set_operations) noexcept {
  return kUncheckedBytes + set_operations * kBytesPerSetOperation;
}

// One libpg_query call, run with a stack limit in place.
struct Call {
  void (*run)(Call*) noexcept;
  const char* sql;
  // fingerprint
  std::uint64_t fingerprint;
  // normalize: malloc'd
  char* normalized;
  ParseError* error;
  bool ok;
};

void run_fingerprint(Call* call) noexcept {
  PgQueryFingerprintResult result = pg_query_fingerprint(call->sql);
  call->ok = result.error == nullptr;
  if (call->ok)
    call->fingerprint = result.fingerprint;
  else
    copy_error(result.error, call->error);
  pg_query_free_fingerprint_result(result);
}

void run_normalize(Call* call) noexcept {
  PgQueryNormalizeResult result = pg_query_normalize(call->sql);
  call->ok = false;
  if (result.error == nullptr) {
    call->normalized = strdup(result.normalized_query != nullptr ? result.normalized_query : "");
    call->ok = call->normalized != nullptr;
    if (!call->ok) set_error(call->error, "out of memory", false);
  } else {
    copy_error(result.error, call->error);
  }
  pg_query_free_normalize_result(result);
}

// Runs the call with libpg_query's stack limit at `limit`; false if the call
// reached it (whatever libpg_query made of that: its normalize carries on
// past the error with part of the tree unwalked, so any result is dropped).
bool run_limited(Call* call, const char* limit) noexcept {
  pgi_pgquery_stack_limit = limit;
  pgi_pgquery_stack_exceeded = false;
  call->run(call);
  const bool exceeded = pgi_pgquery_stack_exceeded;
  pgi_pgquery_stack_limit = nullptr;
  pgi_pgquery_stack_exceeded = false;
  if (exceeded && call->normalized != nullptr) {
    std::free(call->normalized);
    call->normalized = nullptr;
  }
  return !exceeded;
}

// The call under way on a separate stack (a backend has one thread).
struct SeparateStackCall {
  Call* call;
  std::size_t unchecked;
  const char* stack_low;
  bool within_limit;
  ucontext_t caller;
};
SeparateStackCall* separate_call = nullptr;

void separate_stack_entry() {
  SeparateStackCall* s = separate_call;
  s->within_limit = run_limited(s->call, s->stack_low + s->unchecked);
}  // returns to s->caller through uc_link

enum class Outcome { kDone, kTooDeep, kNoStack };

// Runs the call on a fresh stack of `size` bytes (only the pages it touches
// take memory), with a guard region below it, then unmaps it.
Outcome run_on_separate_stack(Call* call, std::size_t size, std::size_t unchecked) noexcept {
  void* mapping = mmap(nullptr, size + kGuardBytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (mapping == MAP_FAILED) return Outcome::kNoStack;
  char* low = static_cast<char*>(mapping) + kGuardBytes;
  SeparateStackCall s{call, unchecked, low, false, {}};
  ucontext_t callee;
  Outcome outcome = Outcome::kNoStack;
  if (mprotect(mapping, kGuardBytes, PROT_NONE) == 0 && getcontext(&callee) == 0) {
    callee.uc_stack.ss_sp = low;
    callee.uc_stack.ss_size = size;
    callee.uc_link = &s.caller;
    makecontext(&callee, separate_stack_entry, 0);
    separate_call = &s;
    if (swapcontext(&s.caller, &callee) == 0) outcome = s.within_limit ? Outcome::kDone : Outcome::kTooDeep;
    separate_call = nullptr;
  }
  munmap(mapping, size + kGuardBytes);
  return outcome;
}

// Runs one libpg_query call so that it can never overflow the stack: on this
// stack when what PostgreSQL's max_stack_depth leaves is enough (every
// ordinary statement: about 100 instructions added to the 80,000 or more of
// a call), else on a separate stack of a few times max_stack_depth; beyond
// that the statement is too deep. A single-user backend has no stack base
// (PostgreSQL does not check its depth either): always the separate stack.
bool protected_call(Call* call) noexcept {
  const std::size_t length = std::strlen(call->sql);
  if (length > kMaxParsedBytes) {
    set_error(call->error, "statement too long for pg_insights to parse (over 1 MB)", false);
    if (call->error != nullptr) call->error->too_long = true;
    return false;
  }
  const StackBudget budget = stack_budget();
  const char* here = static_cast<const char*>(__builtin_frame_address(0));
  std::size_t room = 0;
  if (budget.lowest != nullptr && here > budget.lowest) room = static_cast<std::size_t>(here - budget.lowest);

  // A set operation takes at least five characters: a bound that costs
  // nothing and leaves room enough for any ordinary statement.
  std::size_t unchecked = unchecked_bytes(length / kShortestSetOperation);
  bool tried_here = false;
  if (room >= unchecked + kMinCheckedBytes) {
    if (run_limited(call, budget.lowest + unchecked)) return call->ok;
    tried_here = true;
  }
  // A long or deep statement: count its set operations.
  unchecked = unchecked_bytes(count_set_operations(call->sql, length));
  if (!tried_here && room >= unchecked + kMinCheckedBytes && run_limited(call, budget.lowest + unchecked))
    return call->ok;

  const std::size_t separate = std::clamp(budget.max_depth * kSeparateStackFactor, kSeparateStackMin, kSeparateStackMax);
  Outcome outcome = Outcome::kTooDeep;
  if (separate > room && unchecked + kMinCheckedBytes <= separate)
    outcome = run_on_separate_stack(call, separate, unchecked);
  if (outcome == Outcome::kDone) return call->ok;
  if (outcome == Outcome::kNoStack)
    set_error(call->error, "out of memory: no stack for libpg_query", false);
  else
    set_error(call->error, kTooDeep, true);
  return false;
}

}  // namespace

const char* library_version() noexcept { return PGI_LIBPG_QUERY_VERSION; }

bool fingerprint(const char* sql, std::uint64_t* out, ParseError* error) noexcept {
  Call call{run_fingerprint, sql, 0, nullptr, error, false};
  if (!protected_call(&call)) return false;
  *out = call.fingerprint;
  return true;
}

char* normalize(const char* sql, ParseError* error) noexcept {
  Call call{run_normalize, sql, 0, nullptr, error, false};
  if (!protected_call(&call)) return nullptr;
  return call.normalized;
}

}  // namespace insights::pgquery
