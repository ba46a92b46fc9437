// Compiled first into every file of src/core and of the unit tests (CMake's
// -include): those files are pure C++ and must not see PostgreSQL. Including
// a PostgreSQL header after this one fails, because postgres.h and c.h are
// made to look included already, so whatever uses their types does not
// compile; including it before is caught here.
#pragma once

#if defined(POSTGRES_H) || defined(C_H) || defined(POSTGRES_FE_H)
#error "src/core is pure C++: no PostgreSQL header may be included here (see docs/ARCHITECTURE.md)"
#endif
#define POSTGRES_H
#define C_H
#define POSTGRES_FE_H
