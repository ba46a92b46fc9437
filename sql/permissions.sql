-- Other users' texts are visible only to superusers and pg_read_all_stats.
CREATE ROLE insights_alice LOGIN;
CREATE ROLE insights_bob LOGIN;
CREATE ROLE insights_monitor LOGIN IN ROLE pg_read_all_stats;
CREATE TABLE alice_secrets (a int);
GRANT SELECT ON alice_secrets TO insights_alice;
SELECT insights.reset();

SET ROLE insights_alice;
SELECT count(*) FROM alice_secrets WHERE a = 42;
RESET ROLE;

SET ROLE insights_bob;
SELECT query, calls FROM insights.statements WHERE userid = 'insights_alice'::regrole AND query NOT LIKE '%ROLE%';
-- resetting is for superusers
SELECT insights.reset();
SELECT insights.reset('0000000000000000');
RESET ROLE;

SET ROLE insights_monitor;
SELECT query, calls FROM insights.statements WHERE userid = 'insights_alice'::regrole AND query NOT LIKE '%ROLE%';
RESET ROLE;

SET ROLE insights_alice;
SELECT query, calls FROM insights.statements WHERE userid = 'insights_alice'::regrole AND query NOT LIKE '%ROLE%';
RESET ROLE;

DROP TABLE alice_secrets;
DROP ROLE insights_alice, insights_bob, insights_monitor;
