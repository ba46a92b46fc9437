// Text into HTML: the one escaping function of the report. Everything that
// comes from the database (statement texts, names, rationales, settings)
// goes through it, so a text holding "</script>" or "<img onerror=…>" is
// shown as those characters and never becomes markup.
#pragma once

#include <string>
#include <string_view>

namespace insights::report {

// & < > " ' escaped: safe in element content and in quoted attribute values.
// Bytes that are not valid UTF-8 become U+FFFD, control characters other than
// tab, newline and carriage return are dropped (the page stays valid).
std::string html_escape(std::string_view text);

// Numbers for display: counts grouped ("12,345", pool advice's spelling),
// milliseconds with 3 significant decimals at most.
std::string format_count(double x);
std::string format_ms(double ms);

}  // namespace insights::report
