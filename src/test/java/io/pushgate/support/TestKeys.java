package io.pushgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Throwaway key pairs made by the JDK, written as PEM files the way providers hand them out. */
public final class TestKeys {

  private TestKeys() {
  }

  /** A new EC key pair on {@code curve} ({@code secp256r1} for P-256). */
  public static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new RSA key pair of 2048 bits. */
  public static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code key} as PEM: a private key as PKCS#8 ({@code PRIVATE KEY}, the form of an APNs {@code .p8}), a public key
   * as X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}).
   */
  public static String pem(Key key) {
    String kind = "PKCS#8".equals(key.getFormat()) ? "PRIVATE KEY" : "PUBLIC KEY";
    return "-----BEGIN " + kind + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END " + kind + "-----\n";
  }

  /** Writes {@link #pem} of {@code key} to {@code file}; returns the file. */
  public static Path write(Path file, Key key) {
    try {
      return Files.writeString(file, pem(key), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
