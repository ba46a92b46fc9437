--
-- Run by scripts/installcheck-core.sh after PostgreSQL's core regression
-- suite, in the run with pg_insights preloaded, in the suite's database:
-- everything pg_insights derives from the statements it captured during the
-- suite (thousands, of every kind, many on tables dropped since) must work.
-- Only that it works is checked here, not what it finds.
--
-- index advice skips statements that no longer plan with a NOTICE each
SET client_min_messages = warning;
CREATE EXTENSION pg_insights;
SELECT count(*) > 50 AS many_statements, bool_and(calls > 0) AS all_called FROM insights.statements;
SELECT count(*) >= 0 AS ok FROM insights.store_info();
SELECT count(*) >= 0 AS ok FROM insights.slow_queries();
SELECT count(*) >= 0 AS ok FROM insights.slow_queries(0, 1000);
SELECT count(*) >= 0 AS ok FROM insights.slo(0.001, 0.01);
SELECT count(*) >= 0 AS ok FROM insights.n_plus_one;
SELECT count(*) >= 0 AS ok FROM insights.unparameterized;
SELECT count(*) >= 0 AS ok FROM insights.index_advice();
SELECT count(*) >= 0 AS ok FROM insights.index_health();
SELECT count(*) >= 0 AS ok FROM insights.maintenance();
SELECT count(*) >= 0 AS ok FROM insights.table_cache_hit();
SELECT count(*) >= 0 AS ok FROM insights.statement_cache_hit();
SELECT count(*) >= 0 AS ok FROM insights.activity;
SELECT count(*) >= 0 AS ok FROM insights.activity_groups;
SELECT count(*) >= 0 AS ok FROM insights.pool_advice();
SELECT jsonb_typeof(insights.report()) AS report;
SELECT count(*) > 0 AS ok FROM insights.report_text();
SELECT insights.reset();
SELECT count(*) < 10 AS emptied FROM insights.statements;
DROP EXTENSION pg_insights;
