-- The Orleans ADO.NET query contract: the one table every provider reads at start-up.
--
-- Clustering, grain storage and reminders each run
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- (storage adds a WHERE on its own four keys) and then only ever execute the SQL text
-- stored here, binding their parameters by name (@ServiceId, @GrainStateVersion, ...).
-- The files 002-004 each register the keys of one provider; see README.md in this folder.
--
-- The name is fixed by Orleans and unquoted, so PostgreSQL folds it to orleansquery;
-- it is the only CamelCase identifier in this schema. Everything else is snake_case.
--
-- Idempotent, and free of BEGIN/COMMIT and psql meta-commands: the silo's SchemaMigrator
-- runs every file of this folder, in name order, inside one transaction of its own.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT orleans_query_pkey PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Orleans ADO.NET query contract: QueryKey -> SQL text read by the clustering, persistence and reminder providers at start-up.';

-- The version that follows v, for every ETag in this schema. Wraps from int max to 1 rather
-- than failing: a grain written a thousand times a second reaches int max in under a month.
-- NULL stays NULL.
CREATE OR REPLACE FUNCTION orleans_next_version(v integer)
RETURNS integer
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT CASE WHEN v = 2147483647 THEN 1 ELSE v + 1 END;
$$;
