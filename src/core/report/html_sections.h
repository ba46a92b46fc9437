// The advice and diagnostics sections of the HTML report (html_report.cpp
// puts them together). Each takes the section's rows as the document holds
// them: an array of objects, or {error, sqlstate} when the section could not
// be computed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/report/report_value.h"

namespace insights::report {

// At most `max_bytes` bytes of text, "…" appended when cut (never inside a
// UTF-8 sequence).
std::string shorten(std::string_view text, std::size_t max_bytes);

std::string index_advice_section(const Value& rows);
std::string pool_advice_section(const Value& rows);
// Every column of the rows, as text (the first 100 rows).
std::string generic_section(const char* id, const char* title, const Value& rows);

}  // namespace insights::report
