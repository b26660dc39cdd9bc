-- Orleans ADO.NET grain storage (AdoNetGrainStorage) for PostgreSQL 15.
-- Requires 001_orleans_common.sql (OrleansQuery, orleans_next_version). Idempotent.
--
-- What Orleans 10 binds on every call:
--   @ServiceId              ClusterOptions.ServiceId
--   @GrainTypeString        the state name ([PersistentState("name")]), not the grain type
--   @GrainIdN0, @GrainIdN1  bigint halves of a Guid key, or 0 and the integer key, or 0 and 0
--   @GrainIdExtensionString the key extension, or the whole key of a string-keyed grain; may be NULL
--   @GrainIdHash, @GrainTypeHash  int hashes of the above (accepted, not stored: see below)
--   @GrainStateVersion      the caller's ETag as int, NULL when it believes nothing is stored
--   @PayloadBinary          (write only) IGrainStorageSerializer output; UTF-8 JSON by default
--
-- Optimistic concurrency: every row carries a version, which is the ETag. A write, clear or
-- delete applies only if @GrainStateVersion equals the stored version, or is NULL and no row
-- exists. Otherwise the function returns NULL and Orleans raises InconsistentStateException.
-- It never overwrites silently.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id         varchar(150) NOT NULL,
    state_name         varchar(150) NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    -- '' when Orleans passes NULL: Orleans never creates an empty key extension, so the two
    -- cannot name different grains, and a NOT NULL column keeps this a plain primary key
    -- that equality lookups use directly.
    grain_id_extension varchar(512) NOT NULL DEFAULT '',
    -- bytea, not jsonb: the serializer is pluggable (JSON by default, Orleans binary if
    -- configured) and jsonb would reorder keys, which breaks Newtonsoft "$type" metadata.
    -- NULL after ClearState: the row stays behind so its version keeps counting.
    payload            bytea        NULL,
    version            integer      NOT NULL,
    modified_at        timestamptz  NOT NULL DEFAULT now(),

    CONSTRAINT orleans_grain_state_pkey
        PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension)
)
-- Writes rewrite the row but never an indexed column; room on the page makes them HOT updates.
WITH (fillfactor = 90);

COMMENT ON TABLE orleans_grain_state IS
    'Orleans grain state. The version column is the ETag; payload is the serializer output.';

-- The hashes Orleans sends are derived from the key above by the configured IHasher. The
-- primary key already serves every lookup exactly, so they are not stored: storing them would
-- cost bytes per row and, worse, make state unreachable if the hasher were ever changed.

-- WriteToStorageKey. Returns the new version, or NULL when p_expected_version is stale.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_service_id         text,
    p_state_name         text,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_id_extension text,
    p_expected_version   integer,
    p_payload            bytea)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- First write. If a row exists, another activation (or an earlier clear) got there
        -- first: DO NOTHING leaves new_version NULL and the caller gets a conflict.
        INSERT INTO orleans_grain_state
            (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
        VALUES
            (p_service_id, p_state_name, p_grain_id_n0, p_grain_id_n1,
             COALESCE(p_grain_id_extension, ''), p_payload, 1)
        ON CONFLICT ON CONSTRAINT orleans_grain_state_pkey DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        -- Under READ COMMITTED a concurrent writer's lock makes this wait, then re-check the
        -- version against the committed row, so only one of two racing writers succeeds.
        UPDATE orleans_grain_state
           SET payload = p_payload,
               version = orleans_next_version(version),
               modified_at = now()
         WHERE service_id = p_service_id
           AND state_name = p_state_name
           AND grain_id_n0 = p_grain_id_n0
           AND grain_id_n1 = p_grain_id_n1
           AND grain_id_extension = COALESCE(p_grain_id_extension, '')
           AND version = p_expected_version
        RETURNING version INTO new_version;
    END IF;
    RETURN new_version;
END;
$$;

-- ClearStorageKey (DeleteStateOnClear = false). Keeps the row with a NULL payload and a new
-- version, so a writer still holding the old ETag is refused afterwards. Returns the new
-- version, or NULL on conflict.
CREATE OR REPLACE FUNCTION orleans_grain_state_clear(
    p_service_id         text,
    p_state_name         text,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_id_extension text,
    p_expected_version   integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- The caller believes nothing is stored. Orleans only gets here when called directly
        -- (ClearStateAsync reads first and returns early), and it treats a NULL answer to a
        -- NULL ETag as a conflict, so record the empty state as version 1.
        INSERT INTO orleans_grain_state
            (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
        VALUES
            (p_service_id, p_state_name, p_grain_id_n0, p_grain_id_n1,
             COALESCE(p_grain_id_extension, ''), NULL, 1)
        ON CONFLICT ON CONSTRAINT orleans_grain_state_pkey DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        UPDATE orleans_grain_state
           SET payload = NULL,
               version = orleans_next_version(version),
               modified_at = now()
         WHERE service_id = p_service_id
           AND state_name = p_state_name
           AND grain_id_n0 = p_grain_id_n0
           AND grain_id_n1 = p_grain_id_n1
           AND grain_id_extension = COALESCE(p_grain_id_extension, '')
           AND version = p_expected_version
        RETURNING version INTO new_version;
    END IF;
    RETURN new_version;
END;
$$;

-- DeleteStorageKey (DeleteStateOnClear = true). Removes the row. Orleans discards the value
-- and sets the ETag to NULL, but first checks it: it must be non-NULL and differ from the
-- ETag sent, so success returns the version the row would have had next, and conflict NULL.
CREATE OR REPLACE FUNCTION orleans_grain_state_delete(
    p_service_id         text,
    p_state_name         text,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_id_extension text,
    p_expected_version   integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    deleted_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- Nothing stored is what the caller expects; any row means its view is stale.
        PERFORM 1
           FROM orleans_grain_state
          WHERE service_id = p_service_id
            AND state_name = p_state_name
            AND grain_id_n0 = p_grain_id_n0
            AND grain_id_n1 = p_grain_id_n1
            AND grain_id_extension = COALESCE(p_grain_id_extension, '');
        RETURN CASE WHEN FOUND THEN NULL ELSE 0 END;
    END IF;

    DELETE FROM orleans_grain_state
     WHERE service_id = p_service_id
       AND state_name = p_state_name
       AND grain_id_n0 = p_grain_id_n0
       AND grain_id_n1 = p_grain_id_n1
       AND grain_id_extension = COALESCE(p_grain_id_extension, '')
       AND version = p_expected_version
    RETURNING version INTO deleted_version;
    RETURN orleans_next_version(deleted_version);
END;
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Zero rows: never written. A row with NULL PayloadBinary: cleared, and Orleans still
    -- takes its Version as the ETag.
    'ReadFromStorageKey',
    $sql$
SELECT s.payload AS "PayloadBinary",
       s.version AS "Version"
  FROM orleans_grain_state AS s
 WHERE s.service_id = @ServiceId
   AND s.state_name = @GrainTypeString
   AND s.grain_id_n0 = @GrainIdN0
   AND s.grain_id_n1 = @GrainIdN1
   AND s.grain_id_extension = COALESCE(@GrainIdExtensionString, '');
$sql$
),
(
    -- Always exactly one row: with zero rows Orleans could not tell a refused first write
    -- from a successful one, so a conflict must come back as a NULL version.
    'WriteToStorageKey',
    $sql$
SELECT orleans_grain_state_write(
    @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
    @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion";
$sql$
),
(
    'ClearStorageKey',
    $sql$
SELECT orleans_grain_state_clear(
    @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
    @GrainStateVersion) AS "NewGrainStateVersion";
$sql$
),
(
    'DeleteStorageKey',
    $sql$
SELECT orleans_grain_state_delete(
    @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
    @GrainStateVersion) AS "NewGrainStateVersion";
$sql$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
