src/pgquery/stack_check.o: src/pgquery/stack_check.cpp
