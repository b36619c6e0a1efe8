package io.mqttbroker.core.transport;

import io.mqttbroker.core.TlsOptions;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import javax.net.ssl.SSLException;

/** Builds the server {@link SslContext} of a TLS listener from PEM files, on the JDK's TLS implementation. */
public final class TlsContexts {
  private TlsContexts() {}

  /** Fails with a message naming the file when a certificate or key cannot be read. */
  public static SslContext server(TlsOptions tls) {
    try {
      SslContextBuilder builder = SslContextBuilder
          .forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
          .sslProvider(SslProvider.JDK)
          .protocols(tls.protocols());
      if (!tls.ciphers().isEmpty()) {
        builder.ciphers(tls.ciphers(), SupportedCipherSuiteFilter.INSTANCE);
      }
      if (tls.clientCa().isPresent()) {
        builder.trustManager(tls.clientCa().get().toFile())
            .clientAuth(tls.clientAuth() == TlsOptions.ClientAuth.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set up TLS from certificate " + tls.certificateChain() + " and key "
          + tls.privateKey() + tls.clientCa().map(ca -> " and client CA " + ca).orElse("") + ": " + e.getMessage(), e);
    }
  }
}
