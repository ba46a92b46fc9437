-- Query patterns an application's code causes: N+1 loops and statements
-- built with literal values instead of bind parameters.

CREATE VIEW n_plus_one AS
SELECT s.fingerprint, s.userid, s.dbid, s.query,
       s.max_repeats AS max_repeats_per_transaction,
       round(s.mean_repeats::numeric, 1)::float8 AS mean_repeats_per_transaction,
       s.repeated_transactions AS transactions_affected,
       round((s.rows::numeric / nullif(s.calls, 0)), 2)::float8 AS rows_per_call,
       format('Ran %s times per transaction on average (at most %s) in %s transaction%s%s. '
              'One query per item of a list the application already has: fetch them in one statement '
              '(WHERE id = ANY($1), or a JOIN / eager loading in the ORM).',
              round(s.mean_repeats::numeric, 1), s.max_repeats, s.repeated_transactions,
              CASE WHEN s.repeated_transactions = 1 THEN '' ELSE 's' END,
              CASE WHEN s.rows <= 1.5 * s.calls
                   THEN format(', returning %s row%s per call', round(s.rows::numeric / nullif(s.calls, 0), 1),
                               CASE WHEN s.rows = s.calls THEN '' ELSE 's' END)
                   ELSE '' END) AS rationale
FROM statements s
WHERE s.repeated_transactions > 0 AND s.toplevel
ORDER BY s.repeated_transactions * s.mean_repeats DESC, s.fingerprint;
COMMENT ON VIEW n_plus_one IS
  'statements run many times inside one transaction (at least insights.n_plus_one_min_repeats): N+1 query loops';

CREATE VIEW unparameterized AS
SELECT s.fingerprint, s.userid, s.dbid, s.query, s.calls, s.literal_texts,
       format('Arrived as about %s different literal texts%s over %s calls: every text is parsed and planned '
              'anew and pollutes caches keyed by text. Send the values as bind parameters (prepared '
              'statements); literals built from user input are also an SQL injection risk.',
              s.literal_texts, CASE WHEN s.literal_texts >= 1400 THEN ' or more' ELSE '' END, s.calls) AS rationale
FROM statements s
WHERE s.literal_texts >= 20
ORDER BY s.literal_texts DESC, s.calls DESC, s.fingerprint;
COMMENT ON VIEW unparameterized IS
  'statements that arrive as many different literal texts (values inlined instead of bind parameters)';

COMMENT ON COLUMN n_plus_one.max_repeats_per_transaction IS 'most runs within one transaction';
COMMENT ON COLUMN n_plus_one.mean_repeats_per_transaction IS 'mean runs per transaction, among the transactions affected';
COMMENT ON COLUMN n_plus_one.transactions_affected IS
  'transactions that ran it at least insights.n_plus_one_min_repeats times';
COMMENT ON COLUMN n_plus_one.rows_per_call IS 'mean rows per call';

GRANT SELECT ON n_plus_one, unparameterized TO PUBLIC;
