// A walk over the Plan tree (not the PlanState tree: run-time pruning must
// not change the id of the plan that was chosen), mixing into FNV-1a only
// what names the plan's shape. Relations and indexes enter by OID: stable
// for the life of the object, so an index dropped and created again is a
// new plan.
#include "pg/stats/plan_shape.h"

#include "core/fnv1a.h"

extern "C" {
#include "nodes/extensible.h"
#include "nodes/pg_list.h"
#include "parser/parsetree.h"
}

namespace insights::pg {
namespace {

std::uint64_t mix(std::uint64_t hash, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) hash = fnv1a_byte(hash, static_cast<char>((value >> (8 * i)) & 0xff));
  return hash;
}

// The relation a range-table entry names, 0 for anything else (a function,
// VALUES, a CTE: the node type says what it is).
Oid relation_of(const PlannedStmt* stmt, Index rti) {
  if (rti == 0 || rti > static_cast<Index>(list_length(stmt->rtable))) return InvalidOid;
  const RangeTblEntry* rte = rt_fetch(rti, stmt->rtable);
  return rte->rtekind == RTE_RELATION ? rte->relid : InvalidOid;
}

std::uint64_t walk(const PlannedStmt* stmt, const Plan* plan, std::uint64_t hash);

std::uint64_t walk_list(const PlannedStmt* stmt, const List* plans, std::uint64_t hash) {
  const ListCell* cell;
  foreach (cell, plans) hash = walk(stmt, static_cast<const Plan*>(lfirst(cell)), hash);
  return hash;
}

// What distinguishes nodes of one type.
std::uint64_t node_details(const PlannedStmt* stmt, const Plan* plan, std::uint64_t hash) {
  switch (nodeTag(plan)) {
    case T_SeqScan:
    case T_SampleScan:
    case T_BitmapHeapScan:
    case T_TidScan:
    case T_TidRangeScan:
    case T_ForeignScan:
      return mix(hash, relation_of(stmt, reinterpret_cast<const Scan*>(plan)->scanrelid));
    case T_IndexScan: {
      const auto* scan = reinterpret_cast<const IndexScan*>(plan);
      hash = mix(hash, relation_of(stmt, scan->scan.scanrelid));
      return mix(mix(hash, scan->indexid), static_cast<std::uint64_t>(scan->indexorderdir));
    }
    case T_IndexOnlyScan: {
      const auto* scan = reinterpret_cast<const IndexOnlyScan*>(plan);
      hash = mix(hash, relation_of(stmt, scan->scan.scanrelid));
      return mix(mix(hash, scan->indexid), static_cast<std::uint64_t>(scan->indexorderdir));
    }
    case T_BitmapIndexScan:
      return mix(hash, reinterpret_cast<const BitmapIndexScan*>(plan)->indexid);
    case T_CustomScan: {
      const auto* scan = reinterpret_cast<const CustomScan*>(plan);
      hash = mix(hash, relation_of(stmt, scan->scan.scanrelid));
      return scan->methods != nullptr && scan->methods->CustomName != nullptr ? fnv1a(scan->methods->CustomName, hash)
                                                                              : hash;
    }
    case T_NestLoop:
    case T_MergeJoin:
    case T_HashJoin:
      return mix(hash, static_cast<std::uint64_t>(reinterpret_cast<const Join*>(plan)->jointype));
    case T_Agg: {
      const auto* agg = reinterpret_cast<const Agg*>(plan);
      return mix(mix(hash, static_cast<std::uint64_t>(agg->aggstrategy)), static_cast<std::uint64_t>(agg->aggsplit));
    }
    case T_SetOp: {
      const auto* setop = reinterpret_cast<const SetOp*>(plan);
      return mix(mix(hash, static_cast<std::uint64_t>(setop->cmd)), static_cast<std::uint64_t>(setop->strategy));
    }
    case T_ModifyTable: {
      const auto* modify = reinterpret_cast<const ModifyTable*>(plan);
      return mix(mix(hash, static_cast<std::uint64_t>(modify->operation)), relation_of(stmt, modify->nominalRelation));
    }
    default:
      return hash;
  }
}

// Calls visit(child) for the children of the node types that keep them
// outside lefttree/righttree, in order.
template <typename Visit>
void visit_special_children(const Plan* plan, Visit visit) {
  const List* children = nullptr;
  switch (nodeTag(plan)) {
    case T_Append:
      children = reinterpret_cast<const Append*>(plan)->appendplans;
      break;
    case T_MergeAppend:
      children = reinterpret_cast<const MergeAppend*>(plan)->mergeplans;
      break;
    case T_BitmapAnd:
      children = reinterpret_cast<const BitmapAnd*>(plan)->bitmapplans;
      break;
    case T_BitmapOr:
      children = reinterpret_cast<const BitmapOr*>(plan)->bitmapplans;
      break;
    case T_SubqueryScan:
      visit(reinterpret_cast<const SubqueryScan*>(plan)->subplan);
      return;
    case T_CustomScan:
      children = reinterpret_cast<const CustomScan*>(plan)->custom_plans;
      break;
    default:
      return;
  }
  const ListCell* cell;
  foreach (cell, children) visit(static_cast<const Plan*>(lfirst(cell)));
}

// "(", the node, its children, ")": the nesting is part of the shape.
std::uint64_t walk(const PlannedStmt* stmt, const Plan* plan, std::uint64_t hash) {
  if (plan == nullptr) return mix(hash, 0);
  hash = mix(hash, '(');
  hash = mix(hash, static_cast<std::uint64_t>(nodeTag(plan)));
  hash = mix(hash, plan->parallel_aware ? 1 : 0);
  hash = node_details(stmt, plan, hash);
  hash = walk(stmt, plan->lefttree, hash);
  hash = walk(stmt, plan->righttree, hash);
  visit_special_children(plan, [&](const Plan* child) { hash = walk(stmt, child, hash); });
  return mix(hash, ')');
}

// The index a node scans, InvalidOid for any other node.
Oid scanned_index(const Plan* plan) {
  switch (nodeTag(plan)) {
    case T_IndexScan:
      return reinterpret_cast<const IndexScan*>(plan)->indexid;
    case T_IndexOnlyScan:
      return reinterpret_cast<const IndexOnlyScan*>(plan)->indexid;
    case T_BitmapIndexScan:
      return reinterpret_cast<const BitmapIndexScan*>(plan)->indexid;
    default:
      return InvalidOid;
  }
}

struct IndexSearch {
  const Oid* indexes;
  int count;
};

// The position in `search` of the first of its indexes the tree scans, -1
// for none.
int find_scanned(const Plan* plan, const IndexSearch& search) {
  if (plan == nullptr) return -1;
  const Oid index = scanned_index(plan);
  if (OidIsValid(index))
    for (int k = 0; k < search.count; ++k)
      if (search.indexes[k] == index) return k;
  int found = find_scanned(plan->lefttree, search);
  if (found < 0) found = find_scanned(plan->righttree, search);
  if (found < 0)
    visit_special_children(plan, [&](const Plan* child) {
      if (found < 0) found = find_scanned(child, search);
    });
  return found;
}

}  // namespace

int plan_scans_index(const PlannedStmt* stmt, const Oid* indexes, int count) {
  const IndexSearch search{indexes, count};
  int found = find_scanned(stmt->planTree, search);
  const ListCell* cell;
  foreach (cell, stmt->subplans) {
    if (found >= 0) break;
    found = find_scanned(static_cast<const Plan*>(lfirst(cell)), search);
  }
  return found;
}

std::uint64_t plan_shape_id(const PlannedStmt* stmt) {
  std::uint64_t hash = walk(stmt, stmt->planTree, kFnv1aOffsetBasis);
  // Sub-plans and init-plans (the planner leaves a NULL for one it removed).
  return walk_list(stmt, stmt->subplans, mix(hash, 'S'));
}

}  // namespace insights::pg
