package io.mqttbroker.auth.token;

/**
 * The answer of ApplyToken: the token (shown to the caller once, never stored) and the effective expiry.
 * {@link #toString()} hides the token so that logging the value leaks nothing.
 */
public record AppliedToken(String token, long expireTime) {
  @Override
  public String toString() {
    return "AppliedToken[token=<hidden>, expireTime=" + expireTime + "]";
  }
}
