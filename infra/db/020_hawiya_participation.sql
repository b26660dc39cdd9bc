-- Unicity: who already took part in a poll, and how many did. Written by the silos' participation
-- ledger (src/Hawiya.Server/Unicity/PostgresParticipationLedger.cs), many first participations
-- per statement. Idempotent.
--
-- The primary key makes a first participation exactly once whatever the cluster does: two
-- activations of one participation grain (possible for a moment while membership settles) both
-- try the insert; one row wins and both answer from it.
--
-- SECURITY: participation_key is an HMAC of (provider, context, citizen) under the platform's
-- unicity secret, request_key names the winning request (a login session or the provider's
-- idempotency key). Neither is, nor leads to, the citizen's identity without that secret.

CREATE TABLE IF NOT EXISTS hawiya_participation
(
    participation_key varchar(64)  NOT NULL,
    context_key       varchar(200) NOT NULL,
    request_key       varchar(256) NOT NULL,
    recorded_at       timestamptz  NOT NULL,

    CONSTRAINT hawiya_participation_pkey PRIMARY KEY (participation_key)
);

COMMENT ON TABLE hawiya_participation IS
    'One row per (unicity context, citizen) that took part; the row''s request_key is the request that answers first on retry.';

-- A context's count, spread over slots so that concurrent statements from several silos rarely
-- wait on one row: the count is the sum of the context's slots. Each statement that inserts
-- participations adds to one slot in the same transaction, so the count is exact.
CREATE TABLE IF NOT EXISTS hawiya_participant_count
(
    context_key varchar(200) NOT NULL,
    slot        smallint     NOT NULL,
    count       bigint       NOT NULL,

    CONSTRAINT hawiya_participant_count_pkey PRIMARY KEY (context_key, slot)
);

COMMENT ON TABLE hawiya_participant_count IS
    'Participants per unicity context: sum(count) over the context''s slots.';
