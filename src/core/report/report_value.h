// The report's data as the PostgreSQL side hands it over: a tree of
// objects, arrays and scalars (the jsonb document insights.report_html()
// gathers, converted by src/pg/report/report_html.cpp). The renderer reads
// it by name and never trusts it: every text it shows is escaped.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace insights::report {

struct Value {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  std::string scalar;  // a bool's "true"/"false", a number's or a string's text
  std::vector<Value> items;                             // kArray
  std::vector<std::pair<std::string, Value>> members;   // kObject, in document order

  static Value null() { return {}; }
  static Value string(std::string s) { return make(Kind::kString, std::move(s)); }
  static Value number(double x);
  static Value boolean(bool b) { return make(Kind::kBool, b ? "true" : "false"); }
  static Value array() { return make(Kind::kArray, {}); }
  static Value object() { return make(Kind::kObject, {}); }

  Value& add(std::string key, Value v) {  // object member
    members.emplace_back(std::move(key), std::move(v));
    return *this;
  }
  Value& push(Value v) {  // array item
    items.push_back(std::move(v));
    return *this;
  }

  bool is_null() const { return kind == Kind::kNull; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_object() const { return kind == Kind::kObject; }
  // The member named key, or a null value when there is none.
  const Value& operator[](const std::string& key) const;
  // The scalar as text ("" for null, an object or an array).
  const std::string& text() const;
  // A number (or a numeric string); nullopt otherwise.
  std::optional<double> as_number() const;

 private:
  static Value make(Kind k, std::string s) {
    Value v;
    v.kind = k;
    v.scalar = std::move(s);
    return v;
  }
};

}  // namespace insights::report
