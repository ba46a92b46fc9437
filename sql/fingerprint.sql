CREATE EXTENSION pg_insights;

-- fingerprints: 16 lowercase hex digits, constants and IN-list length ignored
SELECT insights.fingerprint('SELECT * FROM users WHERE id = 1') ~ '^[0-9a-f]{16}$' AS is_hex;
SELECT insights.fingerprint('SELECT * FROM users WHERE id = 1')
     = insights.fingerprint('select *   from users where id = 42') AS constants_ignored;
SELECT insights.fingerprint('SELECT * FROM t WHERE a IN (1, 2, 3)')
     = insights.fingerprint('SELECT * FROM t WHERE a IN (7)') AS in_lists_share;
SELECT insights.fingerprint('SELECT a FROM t') = insights.fingerprint('SELECT b FROM t') AS columns_matter;
-- the values libpg_query 17-6.1 gives for these texts, as 15-4 did (the same on every server)
SELECT insights.fingerprint('SELECT 1');
SELECT insights.fingerprint('SELECT * FROM users WHERE id = $1');

-- normalized text
SELECT insights.normalize('SELECT * FROM users WHERE id = 1 AND name = ''x''');
SELECT insights.normalize('SELECT * FROM t WHERE a = $1 AND b = 5');
SELECT insights.normalize('UPDATE t SET a = 2 WHERE b IN (1, 2)');

-- NULL in, NULL out
SELECT insights.fingerprint(NULL) IS NULL AS fp_null, insights.normalize(NULL) IS NULL AS norm_null;

-- text that does not parse: the parser's message and position
SELECT insights.fingerprint('SELEC 1');
SELECT insights.fingerprint('SELECT * FROM t WHERE');
SELECT insights.normalize('not sql at all');
