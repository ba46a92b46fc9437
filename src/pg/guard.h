// Keeping C++ exceptions and PostgreSQL's longjmp errors apart (DESIGN.md,
// "C++ inside PostgreSQL").
//
// - run_guarded(fn): for SQL functions whose body is C++ that may throw. An
//   escaping exception becomes ereport(ERROR) after fn's frames are gone; a
//   PostgreSQL error caught by pg_call() is re-thrown as it was.
// - pg_call(fn): for a PostgreSQL call made from C++ code with live objects.
//   An elog(ERROR) inside fn is caught, copied and turned into PgError, so
//   the C++ frames unwind normally. fn itself must not throw.
#pragma once

#include <cstring>
#include <exception>
#include <utility>

#include "compat.h"

extern "C" {
#include "fmgr.h"
#include "utils/elog.h"
#include "utils/memutils.h"
}

namespace insights::pg {

class PgError : public std::exception {
 public:
  explicit PgError(ErrorData* data) : data_(data) {}
  const char* what() const noexcept override { return data_->message ? data_->message : "PostgreSQL error"; }
  ErrorData* data() const noexcept { return data_; }

 private:
  ErrorData* data_;
};

template <typename Fn>
void pg_call(Fn&& fn) {
  MemoryContext caller_context = CurrentMemoryContext;
  ErrorData* error = nullptr;
  PG_TRY();
  {
    fn();
  }
  PG_CATCH();
  {
    MemoryContextSwitchTo(caller_context);
    error = CopyErrorData();
    FlushErrorState();
  }
  PG_END_TRY();
  if (error != nullptr) throw PgError(error);
}

template <typename Fn>
Datum run_guarded(Fn&& fn) {
  Datum result = 0;
  ErrorData* pg_error = nullptr;
  char message[512];
  message[0] = '\0';
  try {
    result = std::forward<Fn>(fn)();
  } catch (const PgError& e) {
    pg_error = e.data();
  } catch (const std::exception& e) {
    std::strncpy(message, e.what(), sizeof message - 1);
    message[sizeof message - 1] = '\0';
  } catch (...) {
    std::strcpy(message, "unknown C++ exception");
  }
  if (pg_error != nullptr) ReThrowError(pg_error);
  if (message[0] != '\0') ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pg_insights: %s", message)));
  return result;
}

}  // namespace insights::pg
