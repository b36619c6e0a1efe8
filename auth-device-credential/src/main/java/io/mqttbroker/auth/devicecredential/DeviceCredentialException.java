package io.mqttbroker.auth.devicecredential;

/**
 * A device-credential operation refused for a reason the caller can fix or must know (quota, bad input). The admin
 * API answers 400 with {@link #code()} and the message; the message never contains a secret.
 */
public final class DeviceCredentialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The reference's code when the number of credentials would exceed the instance's maximum connections. */
  public static final String NUM_EXCEED = "DeviceCredentialNumExceed";
  public static final String INVALID_CLIENT_ID = "InvalidParameter.ClientId";
  public static final String INVALID_NEXT_TOKEN = "InvalidParameter.NextToken";
  public static final String INVALID_PAGE_SIZE = "InvalidParameter.Size";

  private final String code;

  public DeviceCredentialException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** A stable machine code, e.g. {@value #NUM_EXCEED}. */
  public String code() {
    return code;
  }

  static DeviceCredentialException numExceed() {
    // The reference's exact message; clients may match on it.
    return new DeviceCredentialException(NUM_EXCEED, "deviceCredential num exceed");
  }
}
