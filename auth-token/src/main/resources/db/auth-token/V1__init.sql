-- Token mode: tokens applied for by access keys. Only the SHA-256 hash (hex) of a token is stored, never the token.
CREATE TABLE auth_token (
    token_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    instance_id   VARCHAR(128) NOT NULL,
    access_key_id VARCHAR(128) NOT NULL,
    -- R, W or RW
    token_type    VARCHAR(2)   NOT NULL,
    -- JSON array of topics / filters, sorted
    resources     TEXT         NOT NULL,
    -- epoch milliseconds
    expire_time   BIGINT       NOT NULL,
    create_time   BIGINT       NOT NULL,
    revoked       BOOLEAN      NOT NULL,
    revoke_time   BIGINT
);

-- The periodic purge deletes by expiry.
CREATE INDEX auth_token_expire_idx ON auth_token (expire_time);
