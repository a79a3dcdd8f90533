package io.pushgate.sender;

import io.pushgate.config.ConfigException;
import io.pushgate.config.TargetConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key files the targets name (an FCM service account, an APNs {@code .p8}), read once at start-up through
 * Vert.x's file system, so that no event loop waits on a disk, and handed to the kinds as bytes.
 */
final class KeyFiles {

  private final Map<String, Buffer> byKey;

  private KeyFiles(Map<String, Buffer> byKey) {
    this.byKey = byKey;
  }

  /**
   * Reads every key file of {@code targets}; fails with a {@link ConfigException} naming each config key whose file
   * cannot be read.
   */
  static Future<KeyFiles> read(Vertx vertx, Iterable<TargetConfig> targets) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (TargetConfig target : targets) {
      String prefix = "targets." + target.name() + ".";
      if (target.fcm() != null) {
        paths.put(prefix + "fcm.serviceAccountPath", target.fcm().serviceAccountPath());
      }
      if (target.apns() != null) {
        paths.put(prefix + "apns.keyPath", target.apns().keyPath());
      }
    }
    Map<String, Buffer> read = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<Future<?>> reads = new ArrayList<>();
    paths.forEach((key, path) -> reads.add(vertx.fileSystem().readFile(path)
        .onSuccess(bytes -> read.put(key, bytes))
        .onFailure(failed -> problems.add(key + ": cannot read " + path + " (" + failed.getMessage() + ")"))));
    return Future.join(reads).transform(done -> problems.isEmpty() ? Future.succeededFuture(new KeyFiles(read))
        : Future.failedFuture(new ConfigException(problems)));
  }

  /** The bytes of the file the config key {@code key} (e.g. {@code targets.ios.apns.keyPath}) names. */
  Buffer get(String key) {
    Buffer bytes = byKey.get(key);
    if (bytes == null) {
      throw new IllegalArgumentException("no key file was read for " + key);
    }
    return bytes;
  }
}
