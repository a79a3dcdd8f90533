package io.pushgate.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One documented configuration key.
 *
 * @param path the dotted path in the config file; {@code *} stands for a target name
 * @param type how the value is read and checked
 * @param defaultValue the value used when the key is absent, or {@code null} for none: the key is then required
 *     ({@link Type#URL}), an empty collection ({@link Type#STRING_MAP}, {@link Type#STRING_LIST}) or left out
 * @param min the smallest allowed value of an {@link Type#INT}
 * @param max the largest allowed value of an {@link Type#INT}
 */
public record ConfigKey(String path, Type type, Object defaultValue, long min, long max) {

  /** The value types a key may have. */
  public enum Type {
    STRING, INT, BOOLEAN, URL, STRING_MAP, STRING_LIST, SECRETS, FILE, STORE_URL
  }

  static ConfigKey integer(String path, long defaultValue, long min, long max) {
    return new ConfigKey(path, Type.INT, defaultValue, min, max);
  }

  static ConfigKey string(String path, String defaultValue) {
    return new ConfigKey(path, Type.STRING, defaultValue, 0, 0);
  }

  static ConfigKey bool(String path, boolean defaultValue) {
    return new ConfigKey(path, Type.BOOLEAN, defaultValue, 0, 0);
  }

  static ConfigKey url(String path) {
    return new ConfigKey(path, Type.URL, null, 0, 0);
  }

  static ConfigKey stringMap(String path) {
    return new ConfigKey(path, Type.STRING_MAP, null, 0, 0);
  }

  static ConfigKey stringList(String path) {
    return new ConfigKey(path, Type.STRING_LIST, null, 0, 0);
  }

  /** Standard Webhooks secrets: one {@code whsec_<base64>} string, or an array of up to two during rotation. */
  static ConfigKey secrets(String path) {
    return new ConfigKey(path, Type.SECRETS, null, 0, 0);
  }

  /** An optional path to a file. */
  static ConfigKey file(String path) {
    return new ConfigKey(path, Type.FILE, null, 0, 0);
  }

  /**
   * Where jobs are stored: {@code sqlite:<file>} or {@code postgresql://user:password@host:port/db}. Never echoed:
   * it may hold a password.
   */
  static ConfigKey storeUrl(String path, String defaultValue) {
    return new ConfigKey(path, Type.STORE_URL, defaultValue, 0, 0);
  }

  /** The path's segments, {@code *} included. */
  public List<String> segments() {
    return List.of(path.split("\\."));
  }

  /** Whether the key belongs to each target ({@code targets.*.…}). */
  public boolean perTarget() {
    return path.startsWith(ConfigSchema.TARGETS + ".*.");
  }

  /**
   * The environment variable that sets this key, {@code *} left as is: {@code PUSHGATE_HTTP_MAX_BODY_BYTES} for
   * {@code http.maxBodyBytes}.
   */
  public String envName() {
    StringBuilder name = new StringBuilder(ConfigOverrides.ENV_PREFIX);
    for (String segment : segments()) {
      name.append('_').append(segment.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
    return name.toString();
  }

  /**
   * A pattern matching the part of an environment variable after the prefix and its underscore. Each segment may be
   * written with or without underscores between its words; a target name is captured as group 1.
   */
  Pattern envPattern() {
    StringBuilder regex = new StringBuilder("^");
    for (String segment : segments()) {
      if (regex.length() > 1) {
        regex.append('_');
      }
      if (segment.equals("*")) {
        regex.append("(.+?)");
      } else {
        String snake = segment.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        regex.append("(?:").append(Pattern.quote(snake)).append('|')
            .append(Pattern.quote(segment.toUpperCase(Locale.ROOT))).append(')');
      }
    }
    return Pattern.compile(regex.append('$').toString());
  }
}
