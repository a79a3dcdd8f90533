package io.pushgate.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the configuration with Vert.x Config from, in order, the bundled {@code default-config.json}, the config
 * file, environment variables and system properties; the last one wins. Then checks it.
 */
public final class ConfigLoader {

  /** The file read when none is named on the command line. */
  public static final String DEFAULT_CONFIG_FILE = "conf/config.json";

  private static final String BUNDLED_DEFAULTS = "default-config.json";

  private ConfigLoader() {
  }

  /**
   * Loads and checks the configuration.
   *
   * @param file the config file named on the command line, or {@code null} for {@link #DEFAULT_CONFIG_FILE}, which
   *     may be absent
   * @return the config, or a failed future with a {@link ConfigException} naming every problem
   */
  public static Future<GatewayConfig> load(Vertx vertx, String file) {
    return read(vertx, file).map(Loaded::config);
  }

  /**
   * A loaded configuration and where it came from.
   *
   * @param config the checked configuration
   * @param file the absolute path of the config file read, or {@code null} when there was none (the default file
   *     absent): the bundled defaults, environment variables and system properties only
   */
  public record Loaded(GatewayConfig config, String file) {

    /** One line for the start-up log: the file read, or that only the bundled defaults are in use. */
    public String describeSource() {
      return file != null ? "configuration read from " + file
          : "no config file (" + Path.of(DEFAULT_CONFIG_FILE).toAbsolutePath() + " does not exist): bundled "
              + "defaults in use, with PUSHGATE_* variables and pushgate.* system properties over them; name a file "
              + "with -conf FILE";
    }
  }

  /** Like {@link #load}, and tells which config file was read. */
  public static Future<Loaded> read(Vertx vertx, String file) {
    String path = file == null ? DEFAULT_CONFIG_FILE : file;
    // A named file must exist; the default one may be absent. Neither is an "optional" store, which would silently
    // ignore a file that exists but does not parse.
    Future<Boolean> present = file == null ? vertx.fileSystem().exists(path) : Future.succeededFuture(true);
    return present.compose(readFile -> {
      ConfigRetrieverOptions options = new ConfigRetrieverOptions()
          .setScanPeriod(0)
          .setIncludeDefaultStores(false)
          .addStore(fileStore(BUNDLED_DEFAULTS));
      if (readFile) {
        options.addStore(fileStore(path));
      }
      options
          .addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("raw-data", true)))
          .addStore(new ConfigStoreOptions().setType("sys")
              .setConfig(new JsonObject().put("raw-data", true).put("cache", false)));
      ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
      String source = readFile ? Path.of(path).toAbsolutePath().toString() : null;
      return retriever.getConfig().eventually(retriever::close).map(merged -> new Raw(merged, source));
    }).recover(failure -> Future.failedFuture(
        new ConfigException(List.of("cannot read " + path + ": " + failure.getMessage()))))
        .map(raw -> new Loaded(check(raw.merged()), raw.file()));
  }

  private record Raw(JsonObject merged, String file) {
  }

  /** Applies the environment and system-property overrides in {@code merged}, then checks the result. */
  static GatewayConfig check(JsonObject merged) {
    List<String> problems = new ArrayList<>();
    JsonObject config = ConfigOverrides.apply(merged, problems);
    try {
      GatewayConfig checked = GatewayConfig.fromJson(config);
      if (problems.isEmpty()) {
        return checked;
      }
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    throw new ConfigException(problems);
  }

  private static ConfigStoreOptions fileStore(String path) {
    return new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", path));
  }
}
