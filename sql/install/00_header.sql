-- pg_insights 0.1.0
\echo Use "CREATE EXTENSION pg_insights" to load this file. \quit
