package io.mqttbroker.core.protocol;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The client certificate of a mutual TLS connection, as the authenticator chain sees it: its subject CN. */
final class ClientCertificates {
  private ClientCertificates() {}

  /**
   * The subject common name of the verified client certificate, or empty without TLS or without a client certificate.
   * CONNECT is only read after the handshake, so the peer is known (and verified against the client CA) by then.
   */
  static Optional<String> commonName(Channel channel) {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      return commonName(leaf.getSubjectX500Principal().getName());
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  static Optional<String> commonName(String distinguishedName) {
    try {
      for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
