// libpg_query's check_stack_depth() asks stack_is_too_deep(), which never
// says yes in libpg_query's own build ("return false" in 15-4.x; in 17-6.x a
// comparison with a stack base that nothing sets): its parser and tree
// walkers never stop, and a deep statement overflows the backend's stack. This definition replaces it (the Makefile weakens libpg_query's own
// and links this one into libpg_query's private object, where it stays
// local): it compares the stack pointer with the limit pgquery.cpp sets
// before each call, and notes that the limit was hit, because libpg_query's
// normalize swallows the error it raises and carries on (pgquery.cpp then
// discards the result).
//
// No headers: this file is linked into libpg_query's object, and both
// variables live in pgquery.cpp (hidden, not exported from pg_insights.so).

extern "C" {
extern const char* pgi_pgquery_stack_limit;
extern bool pgi_pgquery_stack_exceeded;

bool stack_is_too_deep(void) {
  // The stack grows down on every platform pg_insights is built for.
  const char* here = static_cast<const char*>(__builtin_frame_address(0));
  if (pgi_pgquery_stack_limit != nullptr && here < pgi_pgquery_stack_limit) {
    pgi_pgquery_stack_exceeded = true;
    return true;
  }
  return false;
}
}
