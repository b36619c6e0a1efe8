-- The revocation relay's log (PostgreSQL only). Every relayed revocation is written here in the transaction that
-- sends its NOTIFY, so that a node whose listening connection was down reads what it missed when it listens again.
-- Rows older than a day are deleted by the sending nodes. The payload is the relay's encoded revocation: credential
-- ids, client ids and token hashes, never a secret.
CREATE TABLE revocation_log (
  seq     BIGSERIAL                PRIMARY KEY,
  payload TEXT                     NOT NULL,
  sent_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX revocation_log_sent_at ON revocation_log (sent_at);
