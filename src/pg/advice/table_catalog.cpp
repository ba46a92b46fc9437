#include "pg/advice/table_catalog.h"
#include "pg/advice/table_hierarchy.h"

#include "core/advice/access.h"

extern "C" {
#include "access/genam.h"
#include "access/relation.h"
#include "access/table.h"
#include "catalog/index.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_namespace_d.h"
#include "catalog/pg_opclass.h"
#include "commands/defrem.h"
#include "catalog/pg_index.h"
#include "catalog/pg_statistic.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "pgstat.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
}

#include <algorithm>

namespace insights::pg {
namespace {

// A partitioned table's own statistics (stainherit) exist only after an
// ANALYZE of the parent, which autovacuum never runs: without them, those of
// its largest partition (a fraction of distinct values carries over; a
// count is a lower bound).
HeapTuple column_statistics(Oid relid, AttrNumber attnum, bool partitioned, Oid largest_partition, const char* name) {
  HeapTuple tuple = SearchSysCache3(STATRELATTINH, ObjectIdGetDatum(relid), Int16GetDatum(attnum),
                                    BoolGetDatum(partitioned));
  if (HeapTupleIsValid(tuple) || !partitioned || !OidIsValid(largest_partition)) return tuple;
  const AttrNumber own = get_attnum(largest_partition, name);
  if (own == InvalidAttrNumber) return tuple;
  return SearchSysCache3(STATRELATTINH, ObjectIdGetDatum(largest_partition), Int16GetDatum(own), BoolGetDatum(false));
}

void read_column_statistics(Oid relid, Form_pg_attribute att, const PartitionTotals* partitions, RawColumn* out) {
  out->avg_width = get_typavgwidth(att->atttypid, att->atttypmod);
  out->n_distinct = 0.0;
  out->correlation = 0.0;
  HeapTuple tuple = column_statistics(relid, att->attnum, partitions != nullptr,
                                      partitions != nullptr ? partitions->largest : InvalidOid, NameStr(att->attname));
  if (!HeapTupleIsValid(tuple)) return;
  auto* stats = reinterpret_cast<Form_pg_statistic>(GETSTRUCT(tuple));
  out->avg_width = stats->stawidth;
  out->n_distinct = stats->stadistinct;
  AttStatsSlot slot;
  if (get_attstatsslot(&slot, tuple, STATISTIC_KIND_CORRELATION, InvalidOid, ATTSTATSSLOT_NUMBERS)) {
    if (slot.nnumbers > 0) out->correlation = slot.numbers[0];
    free_attstatsslot(&slot);
  }
  ReleaseSysCache(tuple);
}

void read_opclass_name(Oid opclass, RawIndexKey* key) {
  HeapTuple tuple = SearchSysCache1(CLAOID, ObjectIdGetDatum(opclass));
  if (!HeapTupleIsValid(tuple)) return;
  auto* form = reinterpret_cast<Form_pg_opclass>(GETSTRUCT(tuple));
  key->opclass_schema = form->opcnamespace == PG_CATALOG_NAMESPACE ? nullptr : get_namespace_name(form->opcnamespace);
  key->opclass = pstrdup(NameStr(form->opcname));
  ReleaseSysCache(tuple);
}

RawIndex* read_index(Relation table, Oid index_oid, List* table_context) {
  Relation index = index_open(index_oid, AccessShareLock);
  Form_pg_index form = index->rd_index;
  auto* raw = static_cast<RawIndex*>(palloc0(sizeof(RawIndex)));
  raw->name = pstrdup(RelationGetRelationName(index));
  const Oid am = index->rd_rel->relam;
  raw->method = static_cast<int>(am == GIN_AM_OID    ? advice::IndexMethod::kGin
                                 : am == BRIN_AM_OID ? advice::IndexMethod::kBrin
                                                     : advice::IndexMethod::kBtree);
  raw->valid = form->indisvalid && form->indisready && (am == BTREE_AM_OID || am == GIN_AM_OID || am == BRIN_AM_OID);
  raw->unique = form->indisunique;
  raw->key_count = form->indnkeyatts;
  raw->keys = static_cast<RawIndexKey*>(palloc0(sizeof(RawIndexKey) * raw->key_count));
  bool isnull = false;
  const Datum indclass_datum = SysCacheGetAttr(INDEXRELID, index->rd_indextuple, Anum_pg_index_indclass, &isnull);
  const oidvector* indclass = reinterpret_cast<const oidvector*>(DatumGetPointer(indclass_datum));
  List* expressions = RelationGetIndexExpressions(index);
  ListCell* next_expression = list_head(expressions);
  for (int i = 0; i < form->indnatts; ++i) {
    const AttrNumber attnum = form->indkey.values[i];
    char* column = nullptr;
    char* expression = nullptr;
    if (attnum != 0) {
      column = get_attname(RelationGetRelid(table), attnum, false);
    } else if (next_expression != nullptr) {
      expression = deparse_expression(static_cast<Node*>(lfirst(next_expression)), table_context, false, false);
      next_expression = lnext(expressions, next_expression);
    }
    if (i < raw->key_count) {
      const int16 option = index->rd_indoption[i];
      raw->keys[i] = RawIndexKey{column, expression, (option & INDOPTION_DESC) != 0,
                                 (option & INDOPTION_NULLS_FIRST) != 0, nullptr, nullptr};
      // As candidates name them: nothing for the type's default class.
      const Oid opclass = indclass->values[i];
      if (opclass != GetDefaultOpClass(get_opclass_input_type(opclass), am) &&
          opclass != GetDefaultOpClass(index->rd_opcintype[i], am)) {
        read_opclass_name(opclass, &raw->keys[i]);
      }
    } else if (column != nullptr) {
      raw->include = lappend(raw->include, column);
    }
  }
  List* predicate = RelationGetIndexPredicate(index);
  if (predicate != NIL)
    raw->predicate = deparse_expression(reinterpret_cast<Node*>(make_ands_explicit(predicate)), table_context, false, false);
  index_close(index, AccessShareLock);
  return raw;
}

}  // namespace

RawTableInfo* read_table_catalog(Oid relid) {
  Relation table = table_open(relid, AccessShareLock);
  auto* info = static_cast<RawTableInfo*>(palloc0(sizeof(RawTableInfo)));
  info->relid = relid;
  info->schema = get_namespace_name(RelationGetNamespace(table));
  info->table = pstrdup(RelationGetRelationName(table));
  // reltuples is -1 before the first VACUUM or ANALYZE: treat as unknown (0).
  info->rows = std::max<double>(table->rd_rel->reltuples, 0.0);
  info->pages = table->rd_rel->relpages;
  // A partitioned table has no storage: its partitions hold the rows and
  // pages, and an index on it is built on every one of them.
  PartitionTotals partitions{};
  const bool partitioned = table->rd_rel->relkind == RELKIND_PARTITIONED_TABLE;
  if (partitioned) {
    partitions = partition_totals(relid);
    info->rows = std::max(info->rows, partitions.rows);
    info->pages = partitions.pages;
    info->partitions = partitions.partitions;
  }

  TupleDesc desc = RelationGetDescr(table);
  info->columns = static_cast<RawColumn*>(palloc0(sizeof(RawColumn) * desc->natts));
  for (int i = 0; i < desc->natts; ++i) {
    Form_pg_attribute att = TupleDescAttr(desc, i);
    if (att->attisdropped) continue;
    RawColumn* column = &info->columns[info->column_count++];
    column->name = pstrdup(NameStr(att->attname));
    read_column_statistics(relid, att, partitioned ? &partitions : nullptr, column);
  }

  List* context = deparse_context_for(info->table, relid);
  List* index_oids = RelationGetIndexList(table);
  ListCell* lc;
  foreach (lc, index_oids) info->indexes = lappend(info->indexes, read_index(table, lfirst_oid(lc), context));

  // Rows updated or deleted per row inserted (BRIN needs an append-only
  // table). The write cost of an index is not from here: it comes from the
  // statements' measured writes (table_writes.h).
  if (PgStat_StatTabEntry* stats = partitioned ? nullptr : pgstat_fetch_stat_tabentry(relid)) {
    const double churned = static_cast<double>(stats->tuples_updated + stats->tuples_deleted);
    info->churn_ratio = churned / std::max(static_cast<double>(stats->tuples_inserted), 1.0);
  }
  table_close(table, AccessShareLock);
  return info;
}

}  // namespace insights::pg
