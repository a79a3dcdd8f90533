package io.pushgate.sender;

import io.pushgate.config.ConfigValidator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Google service account, as the JSON key file of the Firebase console gives it: the project whose FCM sends the
 * messages ({@code project_id}), the account ({@code client_email}, {@code client_id}), its RSA key ({@code private_key}, PKCS#8 in PEM)
 * and where its access tokens come from ({@code token_uri}). Parsed once per node at start-up from the bytes
 * {@link KeyFiles} read; immutable.
 *
 * <p>{@link #toString()} never shows the key, and no problem message quotes it.
 *
 * @param json the whole file, as {@code GoogleAuth} takes it
 */
record FcmServiceAccount(String projectId, String clientEmail, String tokenUri, JsonObject json) {

  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  /**
   * Reads the file's bytes, as {@link KeyFiles} read them at start-up.
   *
   * @param key the config key that named the file, to begin every problem with
   * @param path the file's path, for the problems
   * @throws IllegalArgumentException with every problem, each beginning with {@code key}, when the file is not a
   *     usable service account
   */
  static FcmServiceAccount read(String key, String path, Buffer bytes) {
    List<String> problems = new ArrayList<>();
    FcmServiceAccount account = parse(key + ": " + path + ": ", bytes.toString(StandardCharsets.UTF_8), problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return account;
  }

  /** The problems of the file's bytes, each beginning with {@code key}; empty when it is usable. */
  static List<String> problems(String key, String path, Buffer bytes) {
    List<String> problems = new ArrayList<>();
    parse(key + ": " + path + ": ", bytes.toString(StandardCharsets.UTF_8), problems);
    return problems;
  }

  /** Parses a service account's JSON, adding a problem (after {@code prefix}) for each field that is not usable. */
  private static FcmServiceAccount parse(String prefix, String text, List<String> problems) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      // The parser's message may quote the file, key included: say only where it broke.
      problems.add(prefix + "not a JSON object (a Google service-account key file)");
      return null;
    }
    int before = problems.size();
    String projectId = text(json, "project_id", prefix, problems);
    String clientEmail = text(json, "client_email", prefix, problems);
    // Every key file Google writes has it, and vertx-auth-oauth2's GoogleAuth refuses to start without it.
    text(json, "client_id", prefix, problems);
    String tokenUri = text(json, "token_uri", prefix, problems);
    if (tokenUri != null && !ConfigValidator.isHttpUrl(tokenUri)) {
      problems.add(prefix + "token_uri is not an http(s) URL");
    }
    String pem = text(json, "private_key", prefix, problems);
    if (pem != null && !isRsaPkcs8Pem(pem)) {
      problems.add(prefix + "private_key is not a PKCS#8 RSA private key in PEM (\"" + PEM_BEGIN + "\")");
    }
    return problems.size() == before ? new FcmServiceAccount(projectId, clientEmail, tokenUri, json) : null;
  }

  private static String text(JsonObject json, String field, String prefix, List<String> problems) {
    Object value = json.getValue(field);
    if (value instanceof String text && !text.isBlank()) {
      return text;
    }
    problems.add(prefix + field + (value == null ? " is missing" : " must be a non-empty string"));
    return null;
  }

  /** Whether {@code pem} is one RSA key in PKCS#8, as Google writes {@code private_key}. */
  static boolean isRsaPkcs8Pem(String pem) {
    String trimmed = pem.strip();
    if (!trimmed.startsWith(PEM_BEGIN) || !trimmed.endsWith(PEM_END)) {
      return false;
    }
    String base64 = trimmed.substring(PEM_BEGIN.length(), trimmed.length() - PEM_END.length()).replaceAll("\\s", "");
    try {
      KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      return true;
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "FcmServiceAccount[projectId=" + projectId + ", clientEmail=" + clientEmail + ", tokenUri=" + tokenUri
        + ", privateKey=***]";
  }
}
