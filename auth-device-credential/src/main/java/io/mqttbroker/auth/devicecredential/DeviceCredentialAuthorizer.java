package io.mqttbroker.auth.devicecredential;

import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authorizer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * PUBLISH/SUBSCRIBE for clients of unique-certificate-per-device mode. As in the reference, this mode authenticates
 * only and cannot restrict publish versus subscribe: a device may publish and subscribe on every topic the instance
 * allows, so this authorizer answers ALLOW for every ordinary topic of its own principals. It answers NO_MATCH for
 * principals of other modes and for {@code $}-topics (system topics are the broker's to grant, never this mode's).
 * Answers from memory with an already completed stage.
 */
public final class DeviceCredentialAuthorizer implements Authorizer {
  private static final CompletionStage<AuthorizationResult> ALLOW =
      // completedStage: callers get a read-only view, so the shared constant cannot be altered.
      CompletableFuture.completedStage(AuthorizationResult.ALLOW);
  private static final CompletionStage<AuthorizationResult> NO_MATCH =
      CompletableFuture.completedStage(AuthorizationResult.NO_MATCH);

  @Override
  public String name() {
    return DeviceCredentialAuthenticator.MODE;
  }

  @Override
  public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
    boolean mine = DeviceCredentialAuthenticator.MODE.equals(request.client().principal().mode());
    return mine && !request.topic().startsWith("$") ? ALLOW : NO_MATCH;
  }
}
