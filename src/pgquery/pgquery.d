src/pgquery/pgquery.o: src/pgquery/pgquery.cpp src/pgquery/pgquery.h \
 src/pgquery/stack_budget.h
src/pgquery/pgquery.h:
src/pgquery/stack_budget.h:
