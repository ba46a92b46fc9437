// Where pg_insights analyzes, plans or evaluates SQL that a user sent (a
// tracked statement's sample, a predicate or expression built from it, a
// text given to index_advice_for()): as the role that sent it, inside a
// security-restricted operation, at a fresh GUC nest level with a given
// search_path — what ANALYZE and REINDEX do for an index expression. A
// function that planning folds (an IMMUTABLE function, an operator, a view)
// then runs with its sender's rights, never the caller's, and cannot change
// the session (SET ROLE, temporary objects, a lasting GUC). See the README,
// "Security".
//
// PostgreSQL-style code. Enter and leave inside one subtransaction
// (pg_call_in_subtransaction): an error rolls the subtransaction back, and
// that restores the user, the security context and the settings.
#pragma once

#include <string>

#include "pg/compat.h"
#include "pg/guard.h"

namespace insights::pg {

// The search_path for text pg_insights writes itself (predicates and
// expressions deparsed under it name every object outside pg_catalog with
// its schema, so they read back the same).
inline constexpr const char* kSafeSearchPath = "pg_catalog, pg_temp";
// The search_path for a sample recorded before samples carried theirs.
inline constexpr const char* kDefaultSearchPath = "\"$user\", public";

struct OwnerScope {
  Oid saved_user;
  int saved_security_context;
  int guc_nest_level;
};

void owner_scope_enter(OwnerScope* scope, Oid role, const char* search_path);
void owner_scope_leave(const OwnerScope* scope);

// For C++ callers: runs fn as `role` with `search_path`, in a
// subtransaction; the error it raised, or nullptr (guard.h's rules for fn).
template <typename Fn>
ErrorData* as_owner(Oid role, const std::string& search_path, Fn&& fn) {
  const char* path = search_path.c_str();
  return pg_call_in_subtransaction([&] {
    OwnerScope scope;
    owner_scope_enter(&scope, role, path);
    fn();
    owner_scope_leave(&scope);
  });
}


}  // namespace insights::pg
