package io.pushgate.sender;

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
  private final List<String> problems;

  private KeyFiles(Map<String, Buffer> byKey, List<String> problems) {
    this.byKey = byKey;
    this.problems = List.copyOf(problems);
  }

  /**
   * Reads every key file of {@code targets}. A file that cannot be read is one of {@link #problems()}, so that the
   * start-up can name it with every other bad key at once.
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
    Map<String, Future<Buffer>> reads = new LinkedHashMap<>();
    paths.forEach((key, path) -> reads.put(key, vertx.fileSystem().readFile(path)));
    // Read from the futures once all are done, not gathered by callbacks of each: a read that completes on its worker
    // just as join's listener is added can run join's callback before its own (its own queued on the event loop).
    return Future.join(List.copyOf(reads.values())).transform(done -> {
      Map<String, Buffer> read = new LinkedHashMap<>();
      List<String> problems = new ArrayList<>();
      reads.forEach((key, file) -> {
        if (file.succeeded()) {
          read.put(key, file.result());
        } else {
          problems.add(key + ": cannot read " + paths.get(key) + " (" + file.cause().getMessage() + ")");
        }
      });
      return Future.succeededFuture(new KeyFiles(read, problems));
    });
  }

  /** Each config key whose file could not be read, with why. */
  List<String> problems() {
    return problems;
  }

  /** Whether every key file of {@code target} was read, so that its key material can be checked. */
  boolean readAll(TargetConfig target) {
    String prefix = "targets." + target.name() + ".";
    return problems.stream().noneMatch(problem -> problem.startsWith(prefix));
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
