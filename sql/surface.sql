-- The SQL surface: every function pins search_path, and every function,
-- view, row type and column says what it is.
SELECT p.oid::regprocedure AS unpinned_function
FROM pg_proc p
WHERE p.pronamespace = 'insights'::regnamespace
  AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false);
SELECT p.oid::regprocedure AS function_without_comment
FROM pg_proc p
WHERE p.pronamespace = 'insights'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL;
SELECT c.relname AS relation_without_comment
FROM pg_class c
WHERE c.relnamespace = 'insights'::regnamespace AND c.relkind IN ('v', 'c')
  AND coalesce(obj_description(c.oid, 'pg_class'), obj_description(c.reltype, 'pg_type')) IS NULL;
SELECT c.relname || '.' || a.attname AS column_without_comment
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'insights'::regnamespace AND c.relkind IN ('v', 'c')
  AND col_description(c.oid, a.attnum) IS NULL;
-- A column name means one thing: the same name has the same type everywhere.
SELECT a.attname AS column_with_two_types, array_agg(DISTINCT format_type(a.atttypid, a.atttypmod)) AS types
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'insights'::regnamespace AND c.relkind IN ('v', 'c')
GROUP BY a.attname HAVING count(DISTINCT a.atttypid) > 1;
-- Only what users call is callable by PUBLIC; the rest is for superusers
-- (or granted).
SELECT p.oid::regprocedure AS superuser_only
FROM pg_proc p
WHERE p.pronamespace = 'insights'::regnamespace AND NOT has_function_privilege('public', p.oid, 'EXECUTE')
ORDER BY p.oid::regprocedure::text COLLATE "C";
-- A definition that does not match the library (an old extension script):
-- a clear error, not a crash.
CREATE FUNCTION public.activity_two_columns(OUT second timestamptz, OUT samples int8) RETURNS SETOF record
  AS '$libdir/pg_insights', 'insights_activity' LANGUAGE C;
SELECT * FROM public.activity_two_columns();
DROP FUNCTION public.activity_two_columns();
