package io.mqttbroker.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The TLS side of a listener: PEM files and the accepted protocols and cipher suites.
 *
 * @param certificateChain PEM file with the server certificate (and intermediates)
 * @param privateKey PEM file with the server's unencrypted PKCS#8 private key
 * @param clientCa PEM file with the CA certificates that sign client certificates; present = mutual TLS
 * @param clientAuth with a client CA: whether a client certificate is required or only verified when offered
 * @param protocols TLS protocol versions, a subset of TLSv1.2 and TLSv1.3
 * @param ciphers cipher suites to allow; empty = the JDK's defaults for those protocols
 */
public record TlsOptions(Path certificateChain, Path privateKey, Optional<Path> clientCa, ClientAuth clientAuth,
    List<String> protocols, List<String> ciphers) {
  private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  public TlsOptions {
    protocols = List.copyOf(protocols);
    ciphers = List.copyOf(ciphers);
    if (protocols.isEmpty() || !ALLOWED_PROTOCOLS.containsAll(protocols)) {
      throw new IllegalArgumentException("TLS protocols must be TLSv1.2 and/or TLSv1.3, got " + protocols);
    }
  }

  /** Server-only TLS 1.2/1.3 with the JDK's cipher suites. */
  public static TlsOptions of(Path certificateChain, Path privateKey) {
    return new TlsOptions(certificateChain, privateKey, Optional.empty(), ClientAuth.REQUIRE,
        List.of("TLSv1.3", "TLSv1.2"), List.of());
  }

  /** The same with a client CA: mutual TLS. */
  public TlsOptions withClientCa(Path ca, ClientAuth auth) {
    return new TlsOptions(certificateChain, privateKey, Optional.of(ca), auth, protocols, ciphers);
  }

  /** Whether a client CA makes certificates required or optional. */
  public enum ClientAuth {
    REQUIRE,
    OPTIONAL
  }
}
