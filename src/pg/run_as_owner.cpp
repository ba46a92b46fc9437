#include "pg/run_as_owner.h"

extern "C" {
#include "miscadmin.h"
#include "utils/guc.h"
}

namespace insights::pg {

void owner_scope_enter(OwnerScope* scope, Oid role, const char* search_path) {
  GetUserIdAndSecContext(&scope->saved_user, &scope->saved_security_context);
  SetUserIdAndSecContext(role, scope->saved_security_context | SECURITY_LOCAL_USERID_CHANGE |
                                   SECURITY_RESTRICTED_OPERATION);
  scope->guc_nest_level = NewGUCNestLevel();
  (void)set_config_option("search_path", search_path, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
}

void owner_scope_leave(const OwnerScope* scope) {
  AtEOXact_GUC(false, scope->guc_nest_level);
  SetUserIdAndSecContext(scope->saved_user, scope->saved_security_context);
}

}  // namespace insights::pg
