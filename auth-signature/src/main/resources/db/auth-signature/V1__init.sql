-- Access keys and their policies (AUTH-SPEC sections 1 and 6). Portable SQL: H2 (MODE=PostgreSQL) and PostgreSQL.

CREATE TABLE access_key (
  access_key_id VARCHAR(64) NOT NULL PRIMARY KEY,
  -- Sealed with the store's SecretCipher (AES-256-GCM): HMAC verification needs the secret back, a dump must not
  -- reveal it.
  access_key_secret VARCHAR(2048) NOT NULL,
  description VARCHAR(256) NOT NULL,
  -- The owner key (bootstrapped from configuration) may do everything and manages the other keys.
  is_owner BOOLEAN NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL
);

-- One row per resource of a statement, so that a statement's effect and actions repeat on each of its rows. Actions
-- are a comma-separated subset of mq:PUB,mq:SUB (validated before they are stored). Rows come back in
-- (statement_no, resource_no) order, which is the order the admin gave.
CREATE TABLE access_key_policy (
  access_key_id VARCHAR(64) NOT NULL,
  statement_no INT NOT NULL,
  resource_no INT NOT NULL,
  effect VARCHAR(8) NOT NULL,
  actions VARCHAR(32) NOT NULL,
  resource VARCHAR(1024) NOT NULL,
  PRIMARY KEY (access_key_id, statement_no, resource_no),
  CONSTRAINT access_key_policy_key_fk FOREIGN KEY (access_key_id) REFERENCES access_key (access_key_id)
    ON DELETE CASCADE
);
