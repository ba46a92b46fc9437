-- pg_insights 0.1.0
\echo Use "CREATE EXTENSION pg_insights" to load this file. \quit

-- CREATE EXTENSION installs into a schema of this name that already exists.
-- One another role prepared (its owner, or whoever may create objects in it)
-- could later swap the extension's functions, or hold objects that this
-- script's names would resolve to: refuse it. Every name and operator here
-- is schema-qualified, since the script runs with that schema in its path.
DO $$
DECLARE
  schema_owner name;
BEGIN
  SELECT r.rolname INTO schema_owner
  FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
  WHERE n.nspname OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.name AND NOT r.rolsuper;
  IF schema_owner IS NOT NULL THEN
    RAISE EXCEPTION 'schema "@extschema@" exists and is owned by role "%", who is not a superuser', schema_owner
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Drop or rename that schema first: pg_insights must own the schema it installs into.';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
             LEFT JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.grantee
             WHERE n.nspname OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.name
               AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'::pg_catalog.text
               AND NOT coalesce(r.rolsuper, false)) THEN
    RAISE EXCEPTION 'schema "@extschema@" exists and roles other than superusers may create objects in it'
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Revoke CREATE on that schema, or drop it first.';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_class WHERE relnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace)
     OR EXISTS (SELECT FROM pg_catalog.pg_proc WHERE pronamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace)
     OR EXISTS (SELECT FROM pg_catalog.pg_type WHERE typnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace)
     OR EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oprnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace) THEN
    RAISE EXCEPTION 'schema "@extschema@" exists and is not empty'
      USING ERRCODE = 'duplicate_schema',
            HINT = 'pg_insights installs into a schema of its own: drop or rename the existing one first.';
  END IF;
END
$$;
