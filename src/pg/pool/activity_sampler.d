src/pg/pool/activity_sampler.o: src/pg/pool/activity_sampler.cpp \
 src/pg/pool/activity_sampler.h src/pg/compat.h src/core/pool/activity.h \
 src/pg/settings.h
src/pg/pool/activity_sampler.h:
src/pg/compat.h:
src/core/pool/activity.h:
src/pg/settings.h:
