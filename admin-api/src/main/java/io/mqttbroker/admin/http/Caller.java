package io.mqttbroker.admin.http;

/**
 * The access key that signed an admin request (HTTP Basic).
 *
 * @param accessKeyId the caller's access key id
 * @param owner whether it is the owner key (may manage access keys)
 */
public record Caller(String accessKeyId, boolean owner) {}
