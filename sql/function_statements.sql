-- Statements inside functions get index advice (insights.track = all
-- records them): their samples name the function's variables as
-- parameters, with the values they had.
CREATE TABLE parcels (id int PRIMARY KEY, depot_id int NOT NULL, route_id int NOT NULL, weight int);
INSERT INTO parcels SELECT g, 1 + g % 5000, 1 + g % 300, g % 70 FROM generate_series(1, 100000) g;
ANALYZE parcels;
-- PL/pgSQL: a parameter, a block-qualified variable and a record field
CREATE FUNCTION depot_weight(p_depot int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE total bigint; r record;
BEGIN
  SELECT 10 AS min_weight INTO r;
  <<outer_block>>
  DECLARE lim int := 1;
  BEGIN
    SELECT sum(weight) INTO total FROM parcels
    WHERE depot_id = p_depot AND weight >= r.min_weight AND id > outer_block.lim;
  END;
  RETURN total;
END $$;
-- SQL: a named argument
CREATE FUNCTION route_count(route int) RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM parcels WHERE route_id = route_count.route AND weight > 3 $$;
SELECT insights.reset();
SET insights.track = 'all';
SELECT depot_weight(42), depot_weight(43), route_count(7);
SET insights.track = 'top';
SELECT query, calls, toplevel FROM insights.statements WHERE query LIKE '%FROM parcels%' ORDER BY query;

SELECT a.columns, s.query
FROM insights.index_advice() a JOIN insights.statements s ON s.fingerprint = ANY (a.fingerprints)
WHERE a.table_name = 'parcels' ORDER BY a.columns, s.query;

-- dynamic SQL with USING, and a FOR loop's query (run as a cursor)
CREATE FUNCTION route_weights(p_route int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint; r record; total bigint := 0;
BEGIN
  EXECUTE 'SELECT max(weight) FROM parcels WHERE route_id = $1 AND depot_id > 10' INTO n USING p_route;
  FOR r IN SELECT weight FROM parcels WHERE route_id = p_route + 1 AND depot_id < 100 LOOP
    total := total + r.weight;
  END LOOP;
  RETURN n + total;
END $$;
SELECT insights.reset();
SET insights.track = 'all';
SELECT route_weights(5);
SET insights.track = 'top';
SELECT a.columns, s.query
FROM insights.index_advice() a JOIN insights.statements s ON s.fingerprint = ANY (a.fingerprints)
WHERE a.table_name = 'parcels' ORDER BY a.columns, s.query;

-- with track = top (the default), statements inside functions are not
-- recorded, so they get no advice
SELECT insights.reset();
SELECT depot_weight(44);
SELECT count(*) AS advised FROM insights.index_advice() WHERE table_name = 'parcels';
