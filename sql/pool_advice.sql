-- Pool advice from synthetic activity (the sampler is off in this instance:
-- insights.sample_activity = off) and the statements run here.
SELECT insights.reset_activity();

-- too little data: no sizes, and the rationale says what is missing
SELECT target, setting, recommended_value, rationale
FROM insights.pool_advice() WHERE setting IN ('default_pool_size', 'max_connections');

-- two busy connections on CPU and five idle ones, for two minutes
SELECT count(insights.inject_activity(date_trunc('second', now()) - s * interval '1 second',
                                      '{2,0,0,0,0,0,0,5}', 10)) AS seconds
FROM generate_series(1, 120) s;
-- and enough statements
SELECT insights.reset();
\set ECHO none
\o /dev/null
SELECT 'SELECT ' || g || ' AS n' FROM generate_series(1, 150) g \gexec
\o
\set ECHO all
SELECT count(*) FILTER (WHERE recommended_value IS NULL) AS without_recommendation,
       count(*) FILTER (WHERE target = 'pgbouncer') AS pgbouncer_rows,
       count(*) FILTER (WHERE target = 'sqlalchemy') AS sqlalchemy_rows,
       count(*) FILTER (WHERE target = 'go database/sql') AS go_rows,
       count(*) FILTER (WHERE target = 'hikaricp') AS hikaricp_rows,
       count(*) FILTER (WHERE target = 'node-postgres') AS node_rows
FROM insights.pool_advice(app_instances => 1) WHERE target <> 'warning';
SELECT target, setting, recommended_value
FROM insights.pool_advice(app_instances => 1)
WHERE (target, setting) IN (('pgbouncer', 'pool_mode'), ('pgbouncer', 'default_pool_size'),
                            ('pgbouncer', 'min_pool_size'), ('sqlalchemy', 'pool_size'),
                            ('go database/sql', 'SetMaxIdleConns'))
ORDER BY target, setting;
SELECT rationale LIKE '%p95 2.0%' AS states_p95, rationale LIKE '%120 s%' AS states_window
FROM insights.pool_advice(app_instances => 1) WHERE setting = 'default_pool_size';
-- two instances share the steady demand
SELECT recommended_value FROM insights.pool_advice(app_instances => 2)
WHERE target = 'sqlalchemy' AND setting = 'pool_size';
-- a role's statement_timeout comes as ALTER ROLE
SELECT recommended_value LIKE 'ALTER ROLE % SET statement_timeout = %' AS alter_role
FROM insights.pool_advice() WHERE setting = 'statement_timeout' LIMIT 1;

-- lock waits dominating: a warning
SELECT insights.reset_activity();
SELECT count(insights.inject_activity(date_trunc('second', now()) - s * interval '1 second',
                                      '{1,0,6,0,0,0,0,0}', 10)) AS seconds
FROM generate_series(1, 90) s;
SELECT setting, recommended_value IS NULL AS no_value
FROM insights.pool_advice() WHERE target = 'warning' AND setting = 'lock_waits_dominate';

-- the views
SELECT count(*) AS seconds, min(samples) AS samples, max(active_lock) AS lock_waiters
FROM insights.activity;

-- bad input
SELECT * FROM insights.pool_advice(app_instances => 0);
SELECT * FROM insights.pool_advice(workers_per_instance => 0);
SELECT * FROM insights.pool_advice("window" => '10 milliseconds');
SELECT insights.inject_activity(now(), '{1,2}');
CREATE ROLE insights_pool_user;
SET ROLE insights_pool_user;
SELECT insights.inject_activity(now(), '{1,0,0,0,0,0,0,0}');
RESET ROLE;
DROP ROLE insights_pool_user;
SELECT insights.reset_activity();
