// The one place for PostgreSQL version differences. pg_insights is built and
// tested against PostgreSQL 15 and 18 (17 compiles by the same guards; see
// README "Versions"). Every guard says which release changed what.
#pragma once

extern "C" {
#include "postgres.h"
#include "access/stratnum.h"
#include "utils/lsyscache.h"
#include "utils/pg_locale.h"
}

#if PG_VERSION_NUM < 150000
#error "pg_insights needs PostgreSQL 15 or later (shmem_request_hook, EnableQueryId)"
#endif

#if PG_VERSION_NUM >= 160000
#define INSIGHTS_JUMBLE_HEADER "nodes/queryjumble.h"
#else
#define INSIGHTS_JUMBLE_HEADER "utils/queryjumble.h"
#endif

// EXPLAIN's state and output helpers: PostgreSQL 18 moved them out of
// commands/explain.h into explain_state.h and explain_format.h.
#if PG_VERSION_NUM >= 180000
#define INSIGHTS_EXPLAIN_STATE_HEADER "commands/explain_state.h"
#define INSIGHTS_EXPLAIN_FORMAT_HEADER "commands/explain_format.h"
#else
#define INSIGHTS_EXPLAIN_STATE_HEADER "commands/explain.h"
#define INSIGHTS_EXPLAIN_FORMAT_HEADER "commands/explain.h"
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

// _PG_init: fmgr.h declares it (without noexcept) since PostgreSQL 16's
// central declarations of the symbols the server looks up (seen in 18; 15
// has none), and a C++ definition must match that declaration's exception
// specification. Dropping noexcept is harmless where it is not declared.
#if PG_VERSION_NUM >= 160000
#define COMPAT_PG_INIT_NOEXCEPT
#else
#define COMPAT_PG_INIT_NOEXCEPT noexcept
#endif

// ExecutorRun_hook: PostgreSQL 18 dropped the execute_once argument. A hook
// is declared with COMPAT_EXECUTOR_RUN_PARAMS and passes
// COMPAT_EXECUTOR_RUN_ARGS on (the names are query, direction, count).
#if PG_VERSION_NUM >= 180000
#define COMPAT_EXECUTOR_RUN_PARAMS QueryDesc *query, ScanDirection direction, uint64 count
#define COMPAT_EXECUTOR_RUN_ARGS query, direction, count
#else
#define COMPAT_EXECUTOR_RUN_PARAMS QueryDesc *query, ScanDirection direction, uint64 count, bool execute_once
#define COMPAT_EXECUTOR_RUN_ARGS query, direction, count, execute_once
#endif

// The local copy of a backend's status, by position 1..pgstat_fetch_stat_numbackends():
// renamed in PostgreSQL 16.
#if PG_VERSION_NUM >= 160000
#define compat_local_beentry(i) pgstat_get_local_beentry_by_index(i)
#else
#define compat_local_beentry(i) pgstat_fetch_stat_local_beentry(i)
#endif

// superuser_reserved_connections: the variable is ReservedBackends before
// PostgreSQL 16, SuperuserReservedConnections since (which also adds
// reserved_connections, ReservedConnections). Needs postmaster/postmaster.h.
#if PG_VERSION_NUM >= 160000
#define compat_superuser_reserved_connections() SuperuserReservedConnections
#define compat_reserved_connections() ReservedConnections
#else
#define compat_superuser_reserved_connections() ReservedBackends
#define compat_reserved_connections() 0
#endif

// Whether a collation sorts bytewise (LIKE 'abc%' as a B-tree range):
// PostgreSQL 18 replaced lc_collate_is_c() by the pg_locale_t's collate_is_c.
#if PG_VERSION_NUM >= 180000
inline bool compat_collation_is_c(Oid collation) {
  if (!OidIsValid(collation)) return false;
  return pg_newlocale_from_collation(collation)->collate_is_c;
}
#else
inline bool compat_collation_is_c(Oid collation) { return lc_collate_is_c(collation); }
#endif

// Whether an ordering operator sorts descending (a B-tree ">" operator):
// PostgreSQL 18's get_ordering_op_properties() reports a CompareType
// instead of a B-tree strategy number.
inline bool compat_ordering_op_is_descending(Oid sortop) {
  Oid opfamily, opcintype;
#if PG_VERSION_NUM >= 180000
  CompareType cmptype = COMPARE_INVALID;
  return get_ordering_op_properties(sortop, &opfamily, &opcintype, &cmptype) && cmptype == COMPARE_GT;
#else
  int16 strategy = 0;
  return get_ordering_op_properties(sortop, &opfamily, &opcintype, &strategy) &&
         strategy == BTGreaterStrategyNumber;
#endif
}

// build_attrmap_by_name(): PostgreSQL 16 added missing_ok (false keeps the
// error for a column missing by name, as before). Needs access/attmap.h.
#if PG_VERSION_NUM >= 160000
#define compat_build_attrmap_by_name(indesc, outdesc) build_attrmap_by_name((indesc), (outdesc), false)
#else
#define compat_build_attrmap_by_name(indesc, outdesc) build_attrmap_by_name((indesc), (outdesc))
#endif

// The JumbleState's constant locations: PostgreSQL 18 records external
// parameters there too (extern_param) and may squash a list of constants
// into one location (has_squashed_lists), numbering everything afresh.
// pg_insights' normalized text takes the plain constants of 15-17; a
// squashed list is left to libpg_query (parsed_text.cpp). Needs the jumble
// header (INSIGHTS_JUMBLE_HEADER).
#if PG_VERSION_NUM >= 180000
#define compat_jumble_location_is_constant(loc) (!(loc).extern_param)
#define compat_jumble_has_squashed_lists(jstate) ((jstate)->has_squashed_lists)
#else
#define compat_jumble_location_is_constant(loc) true
#define compat_jumble_has_squashed_lists(jstate) false
#endif

// Whether `role` may use schema `ns` (USAGE): PostgreSQL 16 replaced
// pg_namespace_aclcheck() by object_aclcheck(). Needs utils/acl.h and
// catalog/pg_namespace.h.
#if PG_VERSION_NUM >= 160000
#define compat_schema_usage_ok(ns, role) \
  (object_aclcheck(NamespaceRelationId, (ns), (role), ACL_USAGE) == ACLCHECK_OK)
#else
#define compat_schema_usage_ok(ns, role) (pg_namespace_aclcheck((ns), (role), ACL_USAGE) == ACLCHECK_OK)
#endif
// BufferUsage's I/O times (pg_stat_statements' columns), in ms. PostgreSQL
// 17 split blk_read_time/blk_write_time (shared and local blocks together)
// into shared_* and local_*. Before 17 the one figure is reported as
// shared_* and the server has no local_* (the view shows NULL there, and
// its blk_read_time/blk_write_time, pg_stat_statements 1.10's names, the
// sum of both on every server). Needs executor/instrument.h.
#if PG_VERSION_NUM >= 170000
#define COMPAT_HAS_LOCAL_BLK_TIME true
#define compat_shared_blk_read_time(b) INSTR_TIME_GET_MILLISEC((b).shared_blk_read_time)
#define compat_shared_blk_write_time(b) INSTR_TIME_GET_MILLISEC((b).shared_blk_write_time)
#define compat_local_blk_read_time(b) INSTR_TIME_GET_MILLISEC((b).local_blk_read_time)
#define compat_local_blk_write_time(b) INSTR_TIME_GET_MILLISEC((b).local_blk_write_time)
#else
#define COMPAT_HAS_LOCAL_BLK_TIME false
#define compat_shared_blk_read_time(b) INSTR_TIME_GET_MILLISEC((b).blk_read_time)
#define compat_shared_blk_write_time(b) INSTR_TIME_GET_MILLISEC((b).blk_write_time)
#define compat_local_blk_read_time(b) 0.0
#define compat_local_blk_write_time(b) 0.0
#endif

// JitInstrumentation: PostgreSQL 17 added the tuple-deforming time
// (jit_deform_count/jit_deform_time: NULL before). Needs jit/jit.h.
#if PG_VERSION_NUM >= 170000
#define COMPAT_HAS_JIT_DEFORM true
#define compat_jit_deform_time(j) INSTR_TIME_GET_MILLISEC((j).deform_counter)
#else
#define COMPAT_HAS_JIT_DEFORM false
#define compat_jit_deform_time(j) 0.0
#endif

// pg_stat_statements' stats_since and minmax_stats_since came with 1.11
// (PostgreSQL 17), but they need nothing from the server: every server
// shows them.
