#include "core/report/report_value.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace insights::report {

Value Value::number(double x) { return make(Kind::kNumber, fmt::format("{}", x)); }

const Value& Value::operator[](const std::string& key) const {
  static const Value kNull;
  if (kind != Kind::kObject) return kNull;
  for (const auto& [name, value] : members)
    if (name == key) return value;
  return kNull;
}

const std::string& Value::text() const {
  static const std::string kEmpty;
  return kind == Kind::kArray || kind == Kind::kObject ? kEmpty : scalar;
}

std::optional<double> Value::as_number() const {
  if (kind != Kind::kNumber && kind != Kind::kString) return std::nullopt;
  if (scalar.empty()) return std::nullopt;
  char* end = nullptr;
  const double x = std::strtod(scalar.c_str(), &end);
  if (end == nullptr || *end != '\0' || !std::isfinite(x)) return std::nullopt;
  return x;
}

}  // namespace insights::report
