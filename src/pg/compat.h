// The one place for PostgreSQL version differences. pg_insights is built and
// tested against PostgreSQL 15; other versions need their guards here.
#pragma once

extern "C" {
#include "postgres.h"
}

#if PG_VERSION_NUM < 150000
#error "pg_insights needs PostgreSQL 15 or later (shmem_request_hook, EnableQueryId)"
#endif

#if PG_VERSION_NUM >= 160000
#define INSIGHTS_JUMBLE_HEADER "nodes/queryjumble.h"
#else
#define INSIGHTS_JUMBLE_HEADER "utils/queryjumble.h"
#endif

// PostgreSQL's tree walkers take a generic function pointer. Casting through
// void (*)(void) is the documented way to do it without a cast warning.
template <typename Fn>
inline bool (*as_walker(Fn* fn))() {
  return reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(fn));
}

// The executor's permission check over a planned statement's range table
// (every relation it reads or writes, those behind views included).
#if PG_VERSION_NUM >= 160000
#define compat_check_plan_permissions(plan) ExecCheckPermissions((plan)->rtable, (plan)->permInfos, true)
#else
#define compat_check_plan_permissions(plan) ExecCheckRTPerms((plan)->rtable, true)
#endif
