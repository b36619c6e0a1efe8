-- Unique-certificate-per-device credentials (AUTH-SPEC section 4). Portable SQL: H2 (MODE=PostgreSQL) and PostgreSQL.

-- One credential per client id. The instance id is not stored: one broker (or one cluster sharing this database) is
-- one instance, and the configured instance id is reported with every credential.
CREATE TABLE device_credential (
  client_id VARCHAR(1024) NOT NULL PRIMARY KEY,
  -- The part of the client id before the first '@@@'; NULL when there is none. Kept as a column so that listing by
  -- group is an indexed equality (a LIKE on the client id would have to escape the '_' of 'GID_').
  group_id VARCHAR(1024),
  device_access_key_id VARCHAR(64) NOT NULL,
  -- Sealed with the store's SecretCipher (AES-256-GCM); never in clear.
  device_access_key_secret VARCHAR(512) NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL
);

CREATE UNIQUE INDEX device_credential_key_uk ON device_credential (device_access_key_id);
CREATE INDEX device_credential_group_idx ON device_credential (group_id, client_id);

-- The quota counter: one row, locked by every register and unregister, so that the check against the quota and the
-- insert are atomic even when several admin calls (or several broker nodes) race.
CREATE TABLE device_credential_quota (
  id INT NOT NULL PRIMARY KEY,
  used BIGINT NOT NULL
);

INSERT INTO device_credential_quota (id, used) VALUES (1, 0);
