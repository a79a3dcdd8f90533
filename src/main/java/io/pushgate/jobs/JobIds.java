package io.pushgate.jobs;

import java.security.SecureRandom;

/**
 * New job ids: {@code job_} and 20 random characters of lower-case base32 (100 bits), short and URL-safe, and
 * unguessable, so that a job's id is all a caller needs to follow it. Thread-safe.
 */
public final class JobIds {

  public static final String PREFIX = "job_";
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int LENGTH = 20;

  private final SecureRandom random = new SecureRandom();

  /** A new id. */
  public String next() {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    StringBuilder id = new StringBuilder(PREFIX.length() + LENGTH).append(PREFIX);
    for (byte b : bytes) {
      id.append(ALPHABET[b & 31]);
    }
    return id.toString();
  }

  /** Whether {@code id} could be a job id: worth asking the store about. */
  public static boolean plausible(String id) {
    if (id == null || id.length() > 64 || id.isEmpty()) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
