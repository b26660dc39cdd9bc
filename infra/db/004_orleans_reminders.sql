-- Orleans ADO.NET reminder table (AdoNetReminderTable) for PostgreSQL 15.
-- Requires 001_orleans_common.sql (OrleansQuery, orleans_next_version). Idempotent.
--
-- A reminder is identified by (ServiceId, GrainId, ReminderName). Its version is the ETag:
-- every upsert moves it, and a delete applies only with the current one. Upserts carry no
-- ETag in the Orleans contract, so the last registration wins.
--
-- Orleans binds @GrainId as GrainId.ToString() ('type/key'), @GrainHash, @BeginHash and
-- @EndHash as the uint ring hash cast to int, @StartTime as a UTC DateTime, and @Period in
-- milliseconds (int when it fits, bigint otherwise).

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      varchar(512) NOT NULL,
    reminder_name varchar(150) NOT NULL,
    -- GrainId.GetUniformHashCode() as signed int: each silo reads the slice of the ring it owns.
    grain_hash    integer      NOT NULL,
    start_time    timestamptz  NOT NULL,
    period_ms     bigint       NOT NULL,
    version       integer      NOT NULL,

    CONSTRAINT orleans_reminder_pkey PRIMARY KEY (service_id, grain_id, reminder_name)
);

COMMENT ON TABLE orleans_reminder IS
    'Orleans reminders. The version column is the ETag; grain_hash places the reminder on the silo ring.';

-- ReadRangeRows1Key/ReadRangeRows2Key: every silo scans its ring range at start and on
-- membership changes.
CREATE INDEX IF NOT EXISTS orleans_reminder_ring_idx
    ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadReminderRowsKey',
    $sql$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id = @ServiceId
   AND r.grain_id = @GrainId;
$sql$
),
(
    'ReadReminderRowKey',
    $sql$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id = @ServiceId
   AND r.grain_id = @GrainId
   AND r.reminder_name = @ReminderName;
$sql$
),
(
    -- The ring range (BeginHash, EndHash], used when BeginHash < EndHash as signed ints.
    'ReadRangeRows1Key',
    $sql$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id = @ServiceId
   AND r.grain_hash > @BeginHash
   AND r.grain_hash <= @EndHash;
$sql$
),
(
    -- The same range when it wraps past int max (or covers the whole ring: Begin = End).
    -- Orleans uses this key only when EndHash <= BeginHash, so the two halves are disjoint;
    -- as two index ranges they read only the rows wanted, where an OR would filter them all.
    'ReadRangeRows2Key',
    $sql$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id = @ServiceId
   AND r.grain_hash > @BeginHash
UNION ALL
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id = @ServiceId
   AND r.grain_hash <= @EndHash;
$sql$
),
(
    -- One row: the new version (the reminder's new ETag).
    'UpsertReminderRowKey',
    $sql$
INSERT INTO orleans_reminder AS r
    (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT ON CONSTRAINT orleans_reminder_pkey DO UPDATE
    SET grain_hash = EXCLUDED.grain_hash,
        start_time = EXCLUDED.start_time,
        period_ms = EXCLUDED.period_ms,
        version = orleans_next_version(r.version)
RETURNING r.version AS "Version";
$sql$
),
(
    -- One row, one boolean: true if the reminder existed with the ETag given and is gone.
    'DeleteReminderRowKey',
    $sql$
WITH deleted AS (
    DELETE FROM orleans_reminder
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
       AND reminder_name = @ReminderName
       AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted";
$sql$
),
(
    'DeleteReminderRowsKey',
    $sql$
DELETE FROM orleans_reminder
 WHERE service_id = @ServiceId;
$sql$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
