# pg_insights — PGXS build of the extension, plus the project's own targets:
#   make demo    a throwaway cluster, a workload, and what pg_insights says
#   make check   unit tests, pg_regress and integration scripts
#   make check-all   make check against PostgreSQL 15, 17 and 18
#   make PG_CONFIG=/path/to/pg_config   build for another server
#   make bench   pgbench and callgrind against pg_stat_statements, index advice
#                quality, and its selection against Extend (test/bench/README.md)
#   make installcheck-core   PostgreSQL's own regression suite, without and
#                with pg_insights preloaded (also run by make check)
# On a fresh Debian 12 machine the missing packages are installed first
# (scripts/install-deps.sh, as root).

EXTENSION = pg_insights
MODULE_big = pg_insights
# The install script is built from one file per feature (sql/install/).
DATA_built = pg_insights--0.1.0.sql
REGRESS = fingerprint capture permissions slow_queries index_advice advice_extend cancelled function_statements index_advice_partitions index_methods pool_advice diagnostics query_patterns errors_and_plans history advice_outcomes statement_counters report report_html shared_memory surface
REGRESS_OPTS = --temp-config=$(CURDIR)/test/regress.conf

PG_CONFIG ?= /usr/lib/postgresql/15/bin/pg_config
# One libpg_query for every server (so one fingerprint for a statement on
# every version): Debian's libpg-query source, built once by
# scripts/build-libpg-query.sh into a cache outside the clone
# (PG_SOURCE_CACHE, /var/cache/pg_insights). The script names its prefix
# and version; the first build that needs the archive builds it.
PGQUERY_PREFIX := $(shell scripts/build-libpg-query.sh --prefix)
PGQUERY_VERSION := $(shell scripts/build-libpg-query.sh --version)
PGQUERY_ARCHIVE = $(PGQUERY_PREFIX)/lib/libpg_query.a

# src/core is built by CMake alone (CMakeLists.txt: one list of sources,
# every folder below src/core, one set of warnings with -Werror) into a
# static, position-independent library that the module links, and that the
# unit tests link too. The Makefile compiles the PostgreSQL side.
CORE_LIB = build/libinsights_core.a
PG_OBJS = $(patsubst %.cpp,%.o,$(shell find src/pg -name '*.cpp' | sort))
PGQUERY_OBJS = src/pgquery/pgquery.o src/pgquery/libpg_query_private.o
OBJS = $(PG_OBJS) $(PGQUERY_OBJS)

# PostgreSQL's headers are not warning-clean C++: include them as system
# headers (GCC ignores -I for a directory also given with -isystem). Includes
# name their layer: -Isrc, "core/stats/store.h", "pg/advice/what_if.h".
# -MMD: each object depends on the headers it really includes (the .d files).
PG_CXXFLAGS = -std=c++17 -fPIC -fno-strict-aliasing -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-missing-field-initializers -MMD -MP \
	-isystem $(shell $(PG_CONFIG) --includedir-server 2>/dev/null) -Isrc
SHLIB_LINK = $(CORE_LIB) -lfmt -lstdc++
EXTRA_CLEAN = $(OBJS:.o=.d) pg_insights.link-checked src/pg/.pg_config_stamp

# PGXS would also emit LLVM bitcode, and has no rule for the ld -r object.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifeq ($(PGXS),)
PGXS := /usr/lib/postgresql/15/lib/pgxs/src/makefiles/pgxs.mk
endif
include $(PGXS)

# A fresh machine has no PGXS yet: install the packages, make restarts.
$(PGXS):
	scripts/install-deps.sh

pg_insights--0.1.0.sql: $(sort $(wildcard sql/install/*.sql))
	cat $^ > $@

# libpg_query bundles its own copy of PostgreSQL internals. Link the whole
# archive into one object and keep only the pg_query_* entry points we call
# global, so its palloc & co. never bind to the server's (docs/ARCHITECTURE.md).
# Its stack_is_too_deep() always says no: that member's copy is made weak and
# src/pgquery/stack_check.o, linked in with it, replaces it (and stays local).
PGQUERY_WORK = src/pgquery/archive
$(PGQUERY_ARCHIVE):
	scripts/build-libpg-query.sh >/dev/null
# pgquery.cpp alone includes pg_query.h: the built one, never a system copy
# (Debian's libpg-query-dev may be installed too); it also names the version
# the statistics file records (persistence.cpp). A new version is a new
# prefix, so the object is rebuilt.
src/pgquery/pgquery.o: override CPPFLAGS += -isystem $(PGQUERY_PREFIX)/include -DPGI_LIBPG_QUERY_VERSION='"$(PGQUERY_VERSION)"'
src/pgquery/pgquery.o: $(PGQUERY_ARCHIVE)
src/pgquery/libpg_query_private.o: $(PGQUERY_ARCHIVE) src/pgquery/exported_symbols.txt src/pgquery/stack_check.o
	rm -rf $(PGQUERY_WORK) && mkdir -p $(PGQUERY_WORK)
	cp $(PGQUERY_ARCHIVE) $(PGQUERY_WORK)/libpg_query.a
	member=$$(nm -A --defined-only $(PGQUERY_WORK)/libpg_query.a 2>/dev/null | \
	          awk '$$2 == "T" && $$3 == "stack_is_too_deep" { n = split($$1, a, ":"); print a[n - 1] }'); \
	  test -n "$$member" || { echo "no stack_is_too_deep in $(PGQUERY_ARCHIVE)" >&2; exit 1; }; \
	  cd $(PGQUERY_WORK) && ar x libpg_query.a "$$member" && \
	  objcopy --weaken-symbol=stack_is_too_deep "$$member" && ar r libpg_query.a "$$member"
	ld -r -o src/pgquery/pgquery_all.o --whole-archive $(PGQUERY_WORK)/libpg_query.a --no-whole-archive src/pgquery/stack_check.o
	objcopy --keep-global-symbols=src/pgquery/exported_symbols.txt src/pgquery/pgquery_all.o $@
	rm -rf src/pgquery/pgquery_all.o $(PGQUERY_WORK)

-include $(OBJS:.o=.d)

# The PostgreSQL side is compiled against one server's headers (the .d files
# name them, but not which server's they are): when PG_CONFIG names another
# server than the last build, the stamp changes and everything compiled
# against the headers is rebuilt.
PG_STAMP = src/pg/.pg_config_stamp
PG_STAMP_TEXT := $(shell $(PG_CONFIG) --includedir-server 2>/dev/null) $(shell $(PG_CONFIG) --version 2>/dev/null)
$(shell [ "$$(cat $(PG_STAMP) 2>/dev/null)" = "$(PG_STAMP_TEXT)" ] || echo "$(PG_STAMP_TEXT)" >$(PG_STAMP))
$(OBJS) src/pgquery/stack_check.o: $(PG_STAMP)

# CMake decides whether the core library is out of date; make relinks the
# module only when CMake changed it.
.PHONY: core-lib
core-lib: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build -j2 --target insights_core
$(CORE_LIB): core-lib ;
$(shlib): $(CORE_LIB)

# A function declared but defined nowhere (a source file left out of the
# build) would only fail when the server loads the library: fail here.
all: pg_insights.link-checked
pg_insights.link-checked: $(shlib)
	@undefined=$$(nm -uC $(shlib) | grep -E 'insights::' || true); \
	  if [ -n "$$undefined" ]; then echo "$(shlib) leaves pg_insights symbols undefined:" >&2; \
	  echo "$$undefined" >&2; exit 1; fi
	@touch $@

.PHONY: deps check check-all demo bench unit installcheck-core fetch-pg-source
deps:
	scripts/install-deps.sh

unit: core-lib
	cmake --build build -j2

# PGXS's own check target only says it is unsupported; this one replaces it
# (make warns about the overridden recipe: expected).
check: deps
	$(MAKE) all
	$(MAKE) install
	$(MAKE) unit
	PG_CONFIG=$(PG_CONFIG) test/check.sh $(REGRESS)

# make check against PostgreSQL 15 (PG_CONFIG), 17 and 18 (built once by
# scripts/build-pg.sh into /var/cache/pg_insights), one closing line for all.
check-all: deps
	PG_CONFIG=$(PG_CONFIG) test/check-all.sh

# PostgreSQL's core regression suite (Debian's postgresql-15 source, fetched
# once into /var/cache/pg_insights) without and with pg_insights preloaded:
# fails when a test fails only with pg_insights.
installcheck-core: deps
	$(MAKE) all
	$(MAKE) install
	PG_CONFIG=$(PG_CONFIG) scripts/installcheck-core.sh

fetch-pg-source:
	scripts/fetch-pg-source.sh

demo: deps
	$(MAKE) all
	$(MAKE) install
	demo/run.sh

bench: deps
	$(MAKE) all
	$(MAKE) install
	test/bench/run_all.sh

clean: clean-project
clean-project:
	rm -rf build src/pgquery/pgquery_all.o src/pgquery/stack_check.o $(PGQUERY_WORK)
