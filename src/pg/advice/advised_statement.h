// One statement as index advice sees it: its measured figures, who ran it
// and how its names resolved, its samples analyzed, its planner cost.
#pragma once

#include <string>
#include <vector>

#include "pg/advice/what_if.h"

namespace insights::pg {

struct AdvisedStatement {
  std::string fingerprint;
  // Who ran it, and the search_path its names were resolved with: its
  // samples are analyzed and planned as that role (run_as_owner.h).
  Oid owner = InvalidOid;
  std::string search_path;
  // Whether the caller may see the constants it ran with (a superuser, or a
  // member of the role that ran it). When not, no constant of its samples
  // reaches a row: its predicates never become a partial index's WHERE.
  bool constants_visible = false;
  double calls = 0;
  double total_ms = 0;
  double mean_ms = 0;
  std::vector<std::string> samples;       // encoded (statement_sample.h); the first is planned
  AnalyzedStatement* analyzed = nullptr;  // the first sample, palloc'd
  AnalyzedStatement* other = nullptr;     // a second sample with another text, or nullptr
  // Every call had the first sample's literal text (hashed each call and
  // never different): its constants are fixed.
  bool one_literal_text = false;
  double cost = 0;  // one call, planner cost before any advice
};

}  // namespace insights::pg
