-- Custom authentication (AUTH-SPEC.md section 5). Plain SQL that runs on H2 (MODE=PostgreSQL) and PostgreSQL 15.

-- One row per identity. USER identities are keyed by username alone and store client_id = '' (NOT NULL keeps the
-- primary key meaningful: NULLs would never collide). The secret is sealed with SecretCipher, never in clear.
CREATE TABLE custom_auth_identity (
  username      VARCHAR(64)   NOT NULL,
  identity_type VARCHAR(8)    NOT NULL,
  client_id     VARCHAR(128)  NOT NULL,
  secret_sealed VARCHAR(2048) NOT NULL,
  sign_mode     VARCHAR(8)    NOT NULL,
  create_time   BIGINT        NOT NULL,
  update_time   BIGINT        NOT NULL,
  PRIMARY KEY (username, identity_type, client_id)
);

-- Publish/subscribe rules; key identity type + identity + topic. identity_name leads the key so that the usual
-- filter (one username or client id) reads a range of the index.
CREATE TABLE custom_auth_permission (
  identity_name VARCHAR(128)  NOT NULL,
  identity_type VARCHAR(8)    NOT NULL,
  topic         VARCHAR(1024) NOT NULL,
  permit_action VARCHAR(8)    NOT NULL,
  effect        VARCHAR(8)    NOT NULL,
  PRIMARY KEY (identity_name, identity_type, topic)
);

CREATE TABLE custom_auth_connect_black (
  client_id   VARCHAR(128) NOT NULL PRIMARY KEY,
  create_time BIGINT       NOT NULL
);

-- How many identities + permissions + blacklist entries exist. Every add updates this one row conditionally, so the
-- capacity check and the insert commit together and concurrent adds (also from other nodes) queue on its row lock.
CREATE TABLE custom_auth_usage (
  id   INT    NOT NULL PRIMARY KEY,
  used BIGINT NOT NULL
);

INSERT INTO custom_auth_usage (id, used) VALUES (1, 0);
