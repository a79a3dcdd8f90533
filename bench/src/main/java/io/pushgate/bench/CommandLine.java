package io.pushgate.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} (or {@code -name value}) options of the bench mains. An option nobody asked for is an
 * error, so that a misspelt flag fails the run instead of being silently ignored.
 */
final class CommandLine {

  private final Map<String, String> values;
  private final Set<String> asked = new HashSet<>();

  private CommandLine(Map<String, String> values) {
    this.values = values;
  }

  static CommandLine parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected '--name value' pairs, got '" + arg + "'");
      }
      values.put(arg.replaceFirst("^--?", ""), args[++i]);
    }
    return new CommandLine(values);
  }

  String requiredString(String name) {
    asked.add(name);
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  String stringOr(String name, String fallback) {
    asked.add(name);
    return values.getOrDefault(name, fallback);
  }

  int requiredInt(String name) {
    return Integer.parseInt(requiredString(name));
  }

  long requiredLong(String name) {
    return Long.parseLong(requiredString(name));
  }

  long longOr(String name, long fallback) {
    asked.add(name);
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
  }

  int intOr(String name, int fallback) {
    asked.add(name);
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  /** Fails on any option no getter asked for; call after reading them all. */
  void rejectUnknown() {
    List<String> unknown = values.keySet().stream().filter(name -> !asked.contains(name)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s): " + unknown);
    }
  }
}
