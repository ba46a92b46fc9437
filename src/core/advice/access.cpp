#include "core/advice/access.h"

namespace insights::advice {

bool is_equality(Op op) {
  switch (op) {
    case Op::kEq:
    case Op::kIn:
    case Op::kIsNull:
    case Op::kIsTrue:
    case Op::kIsFalse:
      return true;
    default:
      return false;
  }
}

bool is_range(Op op) {
  switch (op) {
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
    case Op::kLikePrefix:
      return true;
    default:
      return false;
  }
}

bool is_gin(Op op) {
  switch (op) {
    case Op::kTrigramMatch:
    case Op::kJsonbContains:
    case Op::kJsonbExists:
    case Op::kArrayMatch:
      return true;
    default:
      return false;
  }
}

const char* method_name(IndexMethod method) {
  switch (method) {
    case IndexMethod::kBtree: return "btree";
    case IndexMethod::kGin: return "gin";
    case IndexMethod::kBrin: return "brin";
  }
  return "btree";
}

const ColumnInfo* TableInfo::column(const std::string& name) const {
  for (const ColumnInfo& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace insights::advice
