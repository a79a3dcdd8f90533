package io.pushgate.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * A Google service account made for a test: a fresh RSA key pair from the JDK and the JSON key file Google would hand
 * out for it, with {@code token_uri} wherever the test's token endpoint listens.
 */
public final class TestServiceAccount {

  public static final String PROJECT_ID = "pushgate-test";
  public static final String CLIENT_EMAIL = "pushgate@pushgate-test.iam.gserviceaccount.com";

  private final KeyPair keys;

  private TestServiceAccount(KeyPair keys) {
    this.keys = keys;
  }

  /** A new account with its own 2048-bit RSA key. */
  public static TestServiceAccount generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new TestServiceAccount(generator.generateKeyPair());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key a token endpoint checks the assertions with. */
  public RSAPublicKey publicKey() {
    return (RSAPublicKey) keys.getPublic();
  }

  /** The private key in PKCS#8 PEM, as Google writes {@code private_key}. */
  public String privateKeyPem() {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(keys.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
  }

  /** The key file's JSON, with {@code tokenUri} as its {@code token_uri}. */
  public JsonObject json(String tokenUri) {
    return new JsonObject()
        .put("type", "service_account")
        .put("project_id", PROJECT_ID)
        .put("private_key_id", "0123456789abcdef")
        .put("private_key", privateKeyPem())
        .put("client_email", CLIENT_EMAIL)
        .put("client_id", "100000000000000000001")
        .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
        .put("token_uri", tokenUri)
        .put("universe_domain", "googleapis.com");
  }

  /** Writes {@link #json} to {@code dir}/service-account.json and returns its path. */
  public Path write(Path dir, String tokenUri) {
    return write(dir.resolve("service-account.json"), json(tokenUri));
  }

  /** Writes {@code json} to {@code file} and returns it. */
  public static Path write(Path file, JsonObject json) {
    try {
      return Files.writeString(file, json.encodePrettily(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
