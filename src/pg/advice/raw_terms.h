// From the C structs the PostgreSQL side fills (palloc'd, NULL for absent)
// to the core's value types.
#pragma once

#include <string>

#include "core/advice/access.h"

namespace insights::pg {

inline std::string owned(const char* s) { return s != nullptr ? std::string(s) : std::string(); }

// A key term: a column when column is set, else the expression's SQL.
inline advice::KeyTerm term_of(const char* column, const char* expression) {
  return column != nullptr ? advice::KeyTerm::of_column(column) : advice::KeyTerm::of_expression(owned(expression));
}

}  // namespace insights::pg
