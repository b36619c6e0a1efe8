package io.mqttbroker.core.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for a test: a CA, server certificates (for localhost and 127.0.0.1) and client certificates,
 * valid or expired, as PEM files the broker reads and as the SSL socket factories a Paho client uses. EC P-256 keys,
 * which are quick to generate.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final char[] PASSWORD = "test".toCharArray();

  private TestCertificates() {}

  /** A certificate authority that issues certificates. */
  public static final class Authority {
    private final KeyPair keys;
    private final X509Certificate certificate;

    private Authority(KeyPair keys, X509Certificate certificate) {
      this.keys = keys;
      this.certificate = certificate;
    }

    public static Authority create(String commonName) {
      KeyPair keys = newKeys();
      Instant now = Instant.now();
      X509Certificate cert = sign(keys, keys.getPrivate(), name(commonName), name(commonName), now.minus(Duration.ofDays(1)),
          now.plus(Duration.ofDays(30)), true, false);
      return new Authority(keys, cert);
    }

    public X509Certificate certificate() {
      return certificate;
    }

    /** A server certificate for localhost and 127.0.0.1, valid now. */
    public Issued server(String commonName) {
      Instant now = Instant.now();
      return issue(commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), true);
    }

    /** A client certificate valid now. */
    public Issued client(String commonName) {
      Instant now = Instant.now();
      return issue(commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), false);
    }

    /** A client certificate that expired yesterday. */
    public Issued expiredClient(String commonName) {
      Instant now = Instant.now();
      return issue(commonName, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), false);
    }

    private Issued issue(String commonName, Instant notBefore, Instant notAfter, boolean server) {
      KeyPair leafKeys = newKeys();
      X509Certificate cert = sign(leafKeys, keys.getPrivate(), name(certificate.getSubjectX500Principal().getName()),
          name(commonName), notBefore, notAfter, false, server);
      return new Issued(cert, leafKeys.getPrivate(), this);
    }

    /** Writes the CA certificate as PEM. */
    public Path writeCertificate(Path file) throws IOException {
      return writePem(file, "CERTIFICATE", derOf(certificate));
    }
  }

  /** A certificate with its key and the authority that issued it. */
  public record Issued(X509Certificate certificate, PrivateKey key, Authority issuer) {
    /** Writes the certificate as PEM. */
    public Path writeCertificate(Path file) throws IOException {
      return writePem(file, "CERTIFICATE", derOf(certificate));
    }

    /** Writes the private key as unencrypted PKCS#8 PEM. */
    public Path writeKey(Path file) throws IOException {
      return writePem(file, "PRIVATE KEY", key.getEncoded());
    }
  }

  /** A client socket factory that trusts {@code trusted} and, when {@code clientCertificate} is not null, presents it. */
  public static SSLSocketFactory clientSocketFactory(Authority trusted, Issued clientCertificate) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", trusted.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (clientCertificate != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", clientCertificate.key(), PASSWORD,
            new X509Certificate[] {clientCertificate.certificate(), clientCertificate.issuer().certificate()});
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
      return context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X500Name name(String commonNameOrDn) {
    return new X500Name(commonNameOrDn.contains("=") ? commonNameOrDn : "CN=" + commonNameOrDn);
  }

  private static X509Certificate sign(KeyPair subjectKeys, PrivateKey issuerKey, X500Name issuer, X500Name subject,
      Instant notBefore, Instant notAfter, boolean ca, boolean server) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
          subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      if (server) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] derOf(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path writePem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    return file;
  }
}
