package io.mqttbroker.auth.custom.identity;

/** An identity row as stored: the secret still sealed. What the identity cache holds. */
record StoredIdentity(IdentityKey key, String sealedSecret, SignMode signMode, long createTime, long updateTime) {}
