// Statements that never finish: a statement stopped by a cancel request,
// statement_timeout (both SQLSTATE 57014, query_canceled) or lock_timeout
// (55P03, lock_not_available, which NOWAIT raises too) is counted, with the
// time it ran, from the PG_CATCH of the hook it was running under
// (ExecutorRun, ExecutorFinish, ProcessUtility: capture.cpp), since
// ExecutorEnd never runs for it. Other errors are not counted.
//
// In that catch the error is on elog's stack and CurrentMemoryContext is
// ErrorContext. A cancellation comes from CHECK_FOR_INTERRUPTS, which never
// fires while an LWLock is held, so the store's lock is free (checked all
// the same). Recording works in a memory context of its own, with
// interrupts held (a second cancel must not interrupt it); should it fail
// (out of memory), its error is dropped and the cancellation re-thrown as
// it was: the client always sees the cancellation.
#pragma once

namespace insights::pg {

// From _PG_init: the memory recording works in, made once so that a
// cancellation never has to.
void cancellation_init();

// In a PG_CATCH: whether the error being thrown is a cancellation that
// can be recorded here.
bool recordable_cancellation();

// In a PG_CATCH, after recordable_cancellation(): runs record(arg). Returns
// normally (the caller re-throws), or re-throws the cancellation itself
// when record fails.
void record_during_cancellation(void (*record)(const void* arg), const void* arg);

}  // namespace insights::pg
