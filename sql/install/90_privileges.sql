-- As with pg_stat_statements: everybody may read (texts of other users'
-- statements are hidden from those without pg_read_all_stats), only
-- superusers reset unless granted.
REVOKE ALL ON FUNCTION reset() FROM PUBLIC;
REVOKE ALL ON FUNCTION reset(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION reset_minmax(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION inject_activity(timestamptz, int[], int, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION reset_activity() FROM PUBLIC;
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
GRANT SELECT ON statements, activity, activity_groups, history, statement_waits TO PUBLIC;
