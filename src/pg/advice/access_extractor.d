src/pg/advice/access_extractor.o: src/pg/advice/access_extractor.cpp \
 src/pg/advice/access_extractor.h src/pg/compat.h \
 src/core/advice/access.h
src/pg/advice/access_extractor.h:
src/pg/compat.h:
src/core/advice/access.h:
