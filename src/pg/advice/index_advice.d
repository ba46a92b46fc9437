src/pg/advice/index_advice.o: src/pg/advice/index_advice.cpp \
 src/core/advice/candidates.h src/core/advice/access.h \
 src/core/advice/index_candidate.h src/core/advice/merge.h \
 src/core/advice/index_size.h src/core/advice/selection.h \
 src/core/advice/choose.h src/pg/advice/advice_catalog.h src/pg/compat.h \
 src/pg/sql_function.h src/pg/guard.h src/pg/advice/advice_rows.h \
 src/pg/advice/advised_statement.h src/pg/advice/what_if.h \
 src/pg/advice/hypothetical_what_if.h src/pg/advice/hypothetical_index.h \
 src/pg/run_as_owner.h src/pg/advice/sample_analysis.h \
 src/pg/advice/tracked_statements.h src/core/stats/statement_key.h \
 src/pgquery/pgquery.h
src/core/advice/candidates.h:
src/core/advice/access.h:
src/core/advice/index_candidate.h:
src/core/advice/merge.h:
src/core/advice/index_size.h:
src/core/advice/selection.h:
src/core/advice/choose.h:
src/pg/advice/advice_catalog.h:
src/pg/compat.h:
src/pg/sql_function.h:
src/pg/guard.h:
src/pg/advice/advice_rows.h:
src/pg/advice/advised_statement.h:
src/pg/advice/what_if.h:
src/pg/advice/hypothetical_what_if.h:
src/pg/advice/hypothetical_index.h:
src/pg/run_as_owner.h:
src/pg/advice/sample_analysis.h:
src/pg/advice/tracked_statements.h:
src/core/stats/statement_key.h:
src/pgquery/pgquery.h:
