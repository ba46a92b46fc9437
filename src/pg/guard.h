// Keeping C++ exceptions and PostgreSQL's longjmp errors apart
// (docs/ARCHITECTURE.md, "The boundary, enforced by the build").
//
// - run_guarded(fn): the body of a SQL function written in C++. An escaping
//   exception becomes ereport(ERROR) after fn's frames are gone; a
//   PostgreSQL error caught by pg_call() is re-thrown as it was.
// - pg_call(fn): a PostgreSQL call made from C++ code with live objects.
//   An elog(ERROR) inside fn is caught, copied and turned into PgError, so
//   the C++ frames unwind normally. fn itself must not create C++ objects
//   with destructors (they would be skipped by the longjmp); an exception
//   fn throws is carried out of PG_TRY and re-thrown outside it.
// - pg_call_in_subtransaction(fn): the same, inside a subtransaction that is
//   rolled back on error, for work that takes locks or pins buffers
//   (parsing and planning a statement). Returns the error, or nullptr; a
//   query cancel is thrown instead, so it is never skipped over.
#pragma once

#include <cstring>
#include <exception>
#include <type_traits>
#include <utility>

#include "pg/compat.h"

extern "C" {
#include "access/xact.h"
#include "fmgr.h"
#include "utils/elog.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
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

// The PG_TRY blocks themselves (guard.cpp): run fn(arg), return the error
// it raised (copied, error state flushed) or nullptr. fn returns false when
// it caught a C++ exception: the subtransaction is then rolled back, as for
// an error, never committed half done.
ErrorData* pg_try(bool (*fn)(void*), void* arg);
ErrorData* pg_try_in_subtransaction(bool (*fn)(void*), void* arg);

namespace detail {

// Runs fn inside `runner` (pg_try or pg_try_in_subtransaction), carrying
// its result or exception out of the PG_TRY block.
template <typename Fn>
struct GuardedCall {
  using Result = decltype(std::declval<Fn&>()());
  Fn* fn;
  std::conditional_t<std::is_void_v<Result>, int, Result> result{};
  std::exception_ptr exception;

  static bool thunk(void* arg) noexcept {
    auto* self = static_cast<GuardedCall*>(arg);
    try {
      if constexpr (std::is_void_v<Result>)
        (*self->fn)();
      else
        self->result = (*self->fn)();
      return true;
    } catch (...) {
      self->exception = std::current_exception();
      return false;
    }
  }
};

}  // namespace detail

template <typename Fn>
auto pg_call(Fn&& fn) -> decltype(fn()) {
  detail::GuardedCall<std::remove_reference_t<Fn>> call{&fn};
  if (ErrorData* error = pg_try(&decltype(call)::thunk, &call)) throw PgError(error);
  if (call.exception) std::rethrow_exception(call.exception);
  if constexpr (!std::is_void_v<decltype(fn())>) return call.result;
}

// A cancel (Ctrl-C, statement_timeout) is never an error to skip: it ends
// the whole call, as an exception, like any error from pg_call().
template <typename Fn>
ErrorData* pg_call_in_subtransaction(Fn&& fn) {
  detail::GuardedCall<std::remove_reference_t<Fn>> call{&fn};
  ErrorData* error = pg_try_in_subtransaction(&decltype(call)::thunk, &call);
  if (call.exception) std::rethrow_exception(call.exception);
  if (error != nullptr && error->sqlerrcode == ERRCODE_QUERY_CANCELED) throw PgError(error);
  return error;
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
    if (message[0] == '\0') std::strcpy(message, "internal error");
  } catch (...) {
    std::strcpy(message, "unknown C++ exception");
  }
  if (pg_error != nullptr) ReThrowError(pg_error);
  if (message[0] != '\0') ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pg_insights: %s", message)));
  return result;
}

}  // namespace insights::pg
