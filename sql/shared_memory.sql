-- insights.shared_memory(): every area of shared memory pg_insights
-- allocates, and store_info().shmem_bytes, what it asked for at start-up
-- (how they grow with the settings: test/integration/shared_memory_scales.sh).
SELECT area, bytes > 0 AS has_bytes, grows_with FROM insights.shared_memory() ORDER BY area COLLATE "C";

-- The areas add up to what shmem_request asked PostgreSQL for.
SELECT (SELECT sum(bytes) FROM insights.shared_memory()) = shmem_bytes AS areas_add_up_to_the_request,
       shmem_bytes BETWEEN 20 * 1024 * 1024 AND 40 * 1024 * 1024 AS between_20_and_40_mib_at_the_defaults
FROM insights.store_info();

-- Every allocation PostgreSQL made under a pg_insights name is listed (a
-- hash table's entries are allocated without a name: only its header is
-- there), and none is larger than its area.
SELECT a.name AS allocation_not_listed FROM pg_shmem_allocations a
WHERE a.name LIKE 'pg_insights%' AND a.name NOT IN (SELECT area FROM insights.shared_memory());
SELECT s.area AS area_not_allocated_within_its_bytes, a.size, s.bytes
FROM insights.shared_memory() s LEFT JOIN pg_shmem_allocations a ON a.name = s.area
WHERE a.size IS NULL OR a.size > s.bytes;
-- A fixed-size area is one struct: its bytes are its allocation's, aligned.
SELECT s.area AS fixed_area_of_another_size, a.size, s.bytes
FROM insights.shared_memory() s JOIN pg_shmem_allocations a ON a.name = s.area
WHERE s.grows_with IS NULL AND s.bytes - a.size NOT BETWEEN 0 AND 7;

-- The sizes the README states, from the settings.
WITH s AS (SELECT area, bytes FROM insights.shared_memory()),
     m AS (SELECT current_setting('insights.max_statements')::int8 AS statements,
                  current_setting('insights.history_max_rows')::int8 AS history_rows)
SELECT (SELECT bytes FROM s WHERE area = 'pg_insights texts') = m.statements * 2048 AS texts_2_kib_per_statement,
       (SELECT bytes FROM s WHERE area = 'pg_insights statements')
         = (SELECT round(shmem_bytes_per_statement * m.statements) FROM insights.store_info()) AS entries_per_statement,
       (SELECT bytes FROM s WHERE area = 'pg_insights query ids')
         = 32 * greatest(1024, 2 ^ ceil(log(2, 2 * m.statements)))::int8 AS query_ids_32_bytes_per_slot,
       (SELECT bytes FROM s WHERE area = 'pg_insights history rows') % m.history_rows = 0 AS history_bytes_per_row,
       (SELECT bytes FROM s WHERE area = 'pg_insights history rows') / m.history_rows AS history_row_bytes,
       (SELECT sum(bytes) FROM s WHERE area IN ('pg_insights statement errors', 'pg_insights statement plans'))
         = (SELECT shmem_bytes FROM insights.errors_and_plans_info()) AS errors_and_plans_as_their_info
FROM m;
