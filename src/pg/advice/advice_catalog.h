// What index advice knows of a table (columns, statistics, indexes, rows)
// and of a constant predicate's selectivity, read once per call and cached.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "core/advice/access.h"
#include "pg/compat.h"

namespace insights::pg {

class AdviceCatalog {
 public:
  const advice::TableInfo& table(Oid relid);

  // Fills in each constant predicate's selectivity (planner estimate), as
  // the role whose statement the predicates come from (run_as_owner.h).
  void estimate_selectivities(advice::TableAccess& access, Oid owner);

 private:
  std::map<Oid, advice::TableInfo> tables_;
  std::map<std::pair<Oid, std::string>, double> selectivity_;
};

}  // namespace insights::pg
