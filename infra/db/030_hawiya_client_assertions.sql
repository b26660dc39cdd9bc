-- private_key_jwt: the jti of every client assertion accepted, kept until the assertion
-- expires, so that one assertion authenticates once (RFC 7523 §3 item 7, OIDC Core §9).
-- Written by the silos (src/Hawiya.Server/Oidc/Assertions/ClientAssertionReplay.cs). Idempotent.
--
-- SECURITY: the primary key makes "first use" exact across the cluster: two silos receiving
-- the same assertion at the same instant both try the insert and only one row wins. jti is
-- kept as a SHA-256 (hex) so that a client's choice of value never reaches an index raw.

CREATE TABLE IF NOT EXISTS hawiya_client_assertion
(
    client_id  varchar(100) NOT NULL,
    jti_digest char(64)    NOT NULL,
    expires_at timestamptz NOT NULL,

    CONSTRAINT hawiya_client_assertion_pkey PRIMARY KEY (client_id, jti_digest)
);

CREATE INDEX IF NOT EXISTS hawiya_client_assertion_expires ON hawiya_client_assertion (expires_at);

COMMENT ON TABLE hawiya_client_assertion IS
    'One row per client assertion accepted (client, SHA-256 of its jti) until it expires; a second use of the same jti is refused.';
