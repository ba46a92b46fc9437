src/pg/advice/table_catalog.o: src/pg/advice/table_catalog.cpp \
 src/pg/advice/table_catalog.h src/pg/compat.h
src/pg/advice/table_catalog.h:
src/pg/compat.h:
