-- Orleans ADO.NET clustering (membership table and gateway list) for PostgreSQL 15.
-- Requires 001_orleans_common.sql (OrleansQuery, orleans_next_version). Idempotent.
--
-- The membership protocol needs one version number per cluster. A change to any silo row
-- must also move that version from the value the writer last read (its ETag) to the next
-- one, atomically, or not happen at all. Plain heartbeats (UpdateIAmAlivetimeKey) do not
-- touch the version. Parameter names are Orleans' own: @DeploymentId carries
-- ClusterOptions.ClusterId.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    cluster_id varchar(150) NOT NULL,
    version    integer      NOT NULL DEFAULT 0,
    changed_at timestamptz  NOT NULL DEFAULT now(),

    CONSTRAINT orleans_membership_version_pkey PRIMARY KEY (cluster_id)
);

COMMENT ON TABLE orleans_membership_version IS
    'One row per cluster: the membership table version, the ETag Orleans checks on every silo row change.';

CREATE TABLE IF NOT EXISTS orleans_membership_silo
(
    cluster_id      varchar(150) NOT NULL,
    -- IPAddress.ToString(): 45 characters for IPv6, more with a %scope suffix.
    address         varchar(64)  NOT NULL,
    port            integer      NOT NULL,
    -- The silo's start epoch; a restarted silo on the same endpoint is a new row.
    generation      integer      NOT NULL,
    -- NOT NULL because Orleans casts both to string when it reads them: a NULL would
    -- break every membership read, so it is better refused at insert.
    silo_name       text         NOT NULL,
    host_name       text         NOT NULL,
    -- Orleans.Runtime.SiloStatus: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
    status          integer      NOT NULL,
    -- 0 when the silo runs no gateway.
    proxy_port      integer      NOT NULL,
    -- 'silo-address,date|silo-address,date', written and parsed by Orleans; NULL when empty.
    suspect_times   text         NULL,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,

    CONSTRAINT orleans_membership_silo_pkey PRIMARY KEY (cluster_id, address, port, generation),
    CONSTRAINT orleans_membership_silo_cluster_fkey
        FOREIGN KEY (cluster_id) REFERENCES orleans_membership_version (cluster_id)
);

COMMENT ON TABLE orleans_membership_silo IS
    'One row per silo incarnation (address, port, generation) of each cluster.';

-- A membership table holds tens of rows per cluster: the primary key serves every query,
-- including the gateway list, and no further index would pay for itself.

-- InsertMembershipKey. Returns true when the silo row was added and the version moved from
-- p_expected_version to the next one; false, with nothing changed, when the version was
-- stale or the row already existed.
CREATE OR REPLACE FUNCTION orleans_membership_insert_silo(
    p_cluster_id       text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
    -- Claim the version first: of several writers that read the same version, the row lock
    -- lets exactly one through; the others re-check, find it moved, and give up.
    UPDATE orleans_membership_version
       SET version = orleans_next_version(version),
           changed_at = now()
     WHERE cluster_id = p_cluster_id
       AND version = p_expected_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership_silo
        (cluster_id, address, port, generation, silo_name, host_name,
         status, proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_cluster_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, p_proxy_port, NULL, p_start_time, p_i_am_alive_time);
    RETURN true;
EXCEPTION
    -- Leaving the block through the handler rolls back the version bump as well.
    WHEN unique_violation THEN
        RETURN false;
END;
$$;

-- UpdateMembershipKey. Same all-or-nothing rule as the insert: the version moves only if
-- the silo row exists and is updated.
CREATE OR REPLACE FUNCTION orleans_membership_update_silo(
    p_cluster_id       text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE orleans_membership_version
       SET version = orleans_next_version(version),
           changed_at = now()
     WHERE cluster_id = p_cluster_id
       AND version = p_expected_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_silo
       SET status = p_status,
           -- Orleans writes '' for an empty suspect list; keep one spelling of "none".
           suspect_times = NULLIF(p_suspect_times, ''),
           i_am_alive_time = p_i_am_alive_time
     WHERE cluster_id = p_cluster_id
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
EXCEPTION
    -- No such silo: undo the version bump and report the update as refused.
    WHEN no_data_found THEN
        RETURN false;
END;
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Called once per silo start (tryInitTableVersion). One row, one boolean column.
    'InsertMembershipVersionKey',
    $sql$
WITH inserted AS (
    INSERT INTO orleans_membership_version (cluster_id)
    VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING cluster_id
)
SELECT EXISTS (SELECT 1 FROM inserted) AS "Inserted";
$sql$
),
(
    'InsertMembershipKey',
    $sql$
SELECT orleans_membership_insert_silo(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS "Inserted";
$sql$
),
(
    'UpdateMembershipKey',
    $sql$
SELECT orleans_membership_update_silo(
    @DeploymentId, @Address, @Port, @Generation,
    @Status, @SuspectTimes, @IAmAliveTime, @Version) AS "Updated";
$sql$
),
(
    -- Heartbeat: deliberately leaves the version alone.
    'UpdateIAmAlivetimeKey',
    $sql$
UPDATE orleans_membership_silo
   SET i_am_alive_time = @IAmAliveTime
 WHERE cluster_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation;
$sql$
),
(
    -- The version row, outer-joined to the silo asked for. Orleans takes the table version
    -- from the first row and treats a NULL StartTime as "no such silo", so the version row
    -- must come back even when the silo row does not exist.
    'MembershipReadRowKey',
    $sql$
SELECT v.version         AS "Version",
       s.address         AS "Address",
       s.port            AS "Port",
       s.generation      AS "Generation",
       s.silo_name       AS "SiloName",
       s.host_name       AS "HostName",
       s.status          AS "Status",
       s.proxy_port      AS "ProxyPort",
       s.suspect_times   AS "SuspectTimes",
       s.start_time      AS "StartTime",
       s.i_am_alive_time AS "IAmAliveTime"
  FROM orleans_membership_version AS v
  LEFT JOIN orleans_membership_silo AS s
         ON s.cluster_id = v.cluster_id
        AND s.address = @Address
        AND s.port = @Port
        AND s.generation = @Generation
 WHERE v.cluster_id = @DeploymentId;
$sql$
),
(
    'MembershipReadAllKey',
    $sql$
SELECT v.version         AS "Version",
       s.address         AS "Address",
       s.port            AS "Port",
       s.generation      AS "Generation",
       s.silo_name       AS "SiloName",
       s.host_name       AS "HostName",
       s.status          AS "Status",
       s.proxy_port      AS "ProxyPort",
       s.suspect_times   AS "SuspectTimes",
       s.start_time      AS "StartTime",
       s.i_am_alive_time AS "IAmAliveTime"
  FROM orleans_membership_version AS v
  LEFT JOIN orleans_membership_silo AS s
         ON s.cluster_id = v.cluster_id
 WHERE v.cluster_id = @DeploymentId;
$sql$
),
(
    -- Used by clients and silos to find gateways. Orleans passes @Status = 3 (Active).
    'GatewaysQueryKey',
    $sql$
SELECT s.address    AS "Address",
       s.proxy_port AS "ProxyPort",
       s.generation AS "Generation"
  FROM orleans_membership_silo AS s
 WHERE s.cluster_id = @DeploymentId
   AND s.status = @Status
   AND s.proxy_port > 0;
$sql$
),
(
    'DeleteMembershipTableEntriesKey',
    $sql$
WITH removed_silos AS (
    DELETE FROM orleans_membership_silo
     WHERE cluster_id = @DeploymentId
)
DELETE FROM orleans_membership_version
 WHERE cluster_id = @DeploymentId;
$sql$
),
(
    -- Required by Orleans 10 but only used when CleanupDefunctSiloEntryKey is absent:
    -- remove Dead (6) silos whose last heartbeat is older than @IAmAliveTime.
    'CleanupDefunctSiloEntriesKey',
    $sql$
DELETE FROM orleans_membership_silo
 WHERE cluster_id = @DeploymentId
   AND status = 6
   AND i_am_alive_time < @IAmAliveTime;
$sql$
),
(
    -- Orleans 10 decides which Dead silos are defunct from its own read, then deletes each
    -- one only if the row still holds exactly what it read (start, heartbeat, suspicions),
    -- so a row that changed in between survives.
    'CleanupDefunctSiloEntryKey',
    $sql$
DELETE FROM orleans_membership_silo
 WHERE cluster_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
   AND status = 6
   AND start_time = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '');
$sql$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
