// The planner for the core's index selection (core/advice/selection.h):
// each candidate built as a hypothetical index, each statement planned as
// its owner with exactly the asked candidates in place.
#pragma once

#include <vector>

#include "core/advice/index_candidate.h"
#include "core/advice/selection.h"
#include "pg/advice/advised_statement.h"
#include "pg/advice/hypothetical_index.h"

namespace insights::pg {

// The candidate as a hypothetical index of its access method; nullptr when
// it cannot be one (a key type without the operator class, an operator
// class whose extension is missing) or does not parse. Its
// expressions and predicate come from a statement's text: analyzed as that
// statement's owner.
HypotheticalIndex* hypothetical(const advice::IndexCandidate& c, const advice::TableInfo& table, Oid owner);

// The planner for the core's selection: each candidate as a hypothetical
// index, the statement planned as its owner with exactly the asked ones in
// place.
class HypotheticalWhatIf final : public advice::WhatIf {
 public:
  HypotheticalWhatIf(const std::vector<AdvisedStatement>& statements, const std::vector<HypotheticalIndex*>& indexes)
      : statements_(statements), indexes_(indexes) {}

  double cost(int statement, const std::vector<std::size_t>& in_place) override;

 private:
  const std::vector<AdvisedStatement>& statements_;
  const std::vector<HypotheticalIndex*>& indexes_;
};

}  // namespace insights::pg
