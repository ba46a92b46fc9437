src/pg/stack_budget.o: src/pg/stack_budget.cpp src/pgquery/stack_budget.h \
 src/pg/compat.h
src/pgquery/stack_budget.h:
src/pg/compat.h:
