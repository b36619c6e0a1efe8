package io.mqttbroker.auth.custom.blacklist;

/** A client id that may not connect (in the reference: a permission with action CONNECT and effect DENY). */
public record ConnectBlackEntry(String clientId, long createTime) {}
