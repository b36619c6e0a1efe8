package io.mqttbroker.admin.clients;

/**
 * One connected MQTT client as the admin API shows it.
 *
 * @param clientId the MQTT client id
 * @param username the CONNECT username, empty when the client sent none
 * @param remoteAddress the peer address, for example {@code 10.0.0.7:52114}
 * @param protocolVersion the MQTT version: {@code 3.1}, {@code 3.1.1} or {@code 5.0}
 * @param connectedAt when the session was accepted, epoch milliseconds
 * @param mode the authentication mode that admitted it ({@code signature}, {@code token},
 *     {@code device-credential}, {@code custom}, {@code anonymous})
 */
public record ClientInfo(
    String clientId,
    String username,
    String remoteAddress,
    String protocolVersion,
    long connectedAt,
    String mode) {}
