#include "pg/stats/cancellation.h"

#include "pg/compat.h"
#include "pg/stats/store.h"

extern "C" {
#include "miscadmin.h"
#include "utils/elog.h"
#include "utils/memutils.h"
}

namespace insights::pg {
namespace {

MemoryContext cancellation_context = nullptr;

bool counts_as_cancelled(int sqlerrcode) {
  return sqlerrcode == ERRCODE_QUERY_CANCELED || sqlerrcode == ERRCODE_LOCK_NOT_AVAILABLE;
}

}  // namespace

void cancellation_init() {
  cancellation_context = AllocSetContextCreate(TopMemoryContext, "pg_insights cancelled statement", ALLOCSET_SMALL_SIZES);
}

bool recordable_cancellation() {
  // geterrcode() reads the error being thrown, without copying it.
  return cancellation_context != nullptr && counts_as_cancelled(geterrcode()) && !store_lock_held();
}

void record_during_cancellation(void (*record)(const void* arg), const void* arg) {
  HOLD_INTERRUPTS();
  MemoryContext error_context = MemoryContextSwitchTo(cancellation_context);
  MemoryContextReset(cancellation_context);
  // The cancellation as it is, to throw again should recording fail: a
  // second error would otherwise replace it.
  ErrorData* cancellation = CopyErrorData();
  PG_TRY();
  {
    record(arg);
  }
  PG_CATCH();
  {
    FlushErrorState();
    RESUME_INTERRUPTS();
    ReThrowError(cancellation);
  }
  PG_END_TRY();
  MemoryContextSwitchTo(error_context);
  RESUME_INTERRUPTS();
}

}  // namespace insights::pg
