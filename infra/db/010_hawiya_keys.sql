-- Key material the silos must share: OpenID Connect signing and encryption keys generated
-- for development, and ASP.NET Core Data Protection key ring XML (cookies, antiforgery).
-- Production signing keys come from configuration; this table then holds only the Data
-- Protection ring. Idempotent.

CREATE TABLE IF NOT EXISTS hawiya_key
(
    purpose    varchar(64)  NOT NULL,
    key_id     varchar(128) NOT NULL,
    material   text         NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now(),

    CONSTRAINT hawiya_key_pkey PRIMARY KEY (purpose, key_id)
);

COMMENT ON TABLE hawiya_key IS
    'Shared key material by purpose (oidc-signing, oidc-encryption, data-protection); first writer wins.';
