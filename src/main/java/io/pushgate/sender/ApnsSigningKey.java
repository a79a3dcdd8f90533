package io.pushgate.sender;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An APNs provider-token signing key: the {@code .p8} file Apple hands out (a PKCS#8 PEM of an EC private key on
 * P-256), with the team id and key id the tokens name. Checked once at start-up ({@link #problems}) from the file's
 * bytes ({@link KeyFiles} reads them), made once per node ({@link #of}); immutable and safe to share between event
 * loops.
 *
 * <p>Neither {@link #toString()} nor any problem text shows the key: only the file's path.
 */
final class ApnsSigningKey {

  /** Apple's team ids and key ids: 10 upper-case letters or digits, e.g. {@code ABC123DEFG}. */
  private static final Pattern TEN_CHARACTER_ID = Pattern.compile("[A-Z0-9]{10}");
  /** A bundle id (reverse DNS), with the suffixes APNs topics may carry ({@code .voip}, {@code .complication}, ...). */
  static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private final String teamId;
  private final String keyId;
  private final String pkcs8Pem;

  private ApnsSigningKey(String teamId, String keyId, String pkcs8Pem) {
    this.teamId = teamId;
    this.keyId = keyId;
    this.pkcs8Pem = pkcs8Pem;
  }

  /** The team id, the tokens' {@code iss}. */
  String teamId() {
    return teamId;
  }

  /** The key id, the tokens' {@code kid}. */
  String keyId() {
    return keyId;
  }

  /** The key as a canonical PKCS#8 PEM, for {@code PubSecKeyOptions}. Never log it. */
  String pem() {
    return pkcs8Pem;
  }

  @Override
  public String toString() {
    return "ApnsSigningKey[teamId=" + teamId + ", keyId=" + keyId + "]";
  }

  /**
   * What is wrong with an {@code apns} section, each problem as {@code "<prefix>.<key>: <why>"}; empty when the key
   * can sign tokens. Neither the key nor any part of it appears in a problem.
   *
   * @param prefix the section's name, e.g. {@code targets.ios.apns}
   * @param keyPath the key file's path, to name it
   * @param keyFile the key file's bytes, read at start-up
   */
  static List<String> problems(String prefix, String teamId, String keyId, String keyPath, Buffer keyFile,
                               String topic) {
    List<String> problems = new ArrayList<>();
    checkId(problems, prefix + ".teamId", teamId);
    checkId(problems, prefix + ".keyId", keyId);
    if (topic == null || topic.isBlank()) {
      problems.add(prefix + ".topic: missing (the app's bundle id, e.g. com.example.app)");
    } else if (!TOPIC.matcher(topic).matches()) {
      problems.add(prefix + ".topic: '" + topic + "' is not a bundle id (e.g. com.example.app)");
    }
    try {
      parseKey(text(keyFile));
    } catch (KeyException bad) {
      problems.add(prefix + ".keyPath: " + keyPath + " is " + bad.getMessage());
    }
    return problems;
  }

  /**
   * The key in {@code keyFile}.
   *
   * @throws IllegalArgumentException when an id is malformed or the file does not hold a PKCS#8 P-256 private key;
   *     the message names no key material
   */
  static ApnsSigningKey of(String teamId, String keyId, Buffer keyFile) {
    List<String> problems = new ArrayList<>();
    checkId(problems, "teamId", teamId);
    checkId(problems, "keyId", keyId);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    try {
      return new ApnsSigningKey(teamId, keyId, canonicalPem(parseKey(text(keyFile))));
    } catch (KeyException bad) {
      throw new IllegalArgumentException("the key is " + bad.getMessage());
    }
  }

  /** The file as Latin-1, which decodes any bytes: a binary file is then "not a PEM file", not an error. */
  private static String text(Buffer keyFile) {
    return keyFile == null ? "" : keyFile.toString(StandardCharsets.ISO_8859_1);
  }

  private static void checkId(List<String> problems, String key, String value) {
    if (value == null || value.isBlank()) {
      problems.add(key + ": missing (10 upper-case letters or digits, from the Apple developer account)");
    } else if (!TEN_CHARACTER_ID.matcher(value).matches()) {
      problems.add(key + ": '" + value + "' is not 10 upper-case letters or digits");
    }
  }

  /** The PKCS#8 bytes of the one P-256 private key in {@code text}. */
  private static byte[] parseKey(String text) throws KeyException {
    Matcher pem = PEM.matcher(text);
    if (!pem.find()) {
      throw new KeyException("not a PEM file (an APNs .p8 holds '-----BEGIN PRIVATE KEY-----')");
    }
    String kind = pem.group(1);
    if ("EC PRIVATE KEY".equals(kind)) {
      throw new KeyException("an SEC1 EC key, not PKCS#8: convert it with 'openssl pkcs8 -topk8 -nocrypt'");
    }
    if (!"PRIVATE KEY".equals(kind)) {
      throw new KeyException("a PEM '" + kind + "', not a PKCS#8 EC private key ('PRIVATE KEY')");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.group(2));
    } catch (IllegalArgumentException notBase64) {
      throw new KeyException("not a PKCS#8 EC private key in PEM (its base64 does not decode)");
    }
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException notEc) {
      throw new KeyException("not a PKCS#8 EC private key in PEM (an RSA key, or damaged)");
    }
    if (!(key instanceof ECPrivateKey ec) || !P256.isCurveOf(ec.getParams())) {
      throw new KeyException("an EC key on another curve than P-256 (ES256 needs P-256)");
    }
    return der;
  }

  /** One BEGIN line, 64-column base64, one END line: the form {@code PubSecKeyOptions} reads, whatever the file's. */
  private static String canonicalPem(byte[] der) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** Why a key file's content is not a usable key: text to put after "the key is". */
  private static final class KeyException extends Exception {
    KeyException(String message) {
      super(message, null, false, false);
    }
  }
}
