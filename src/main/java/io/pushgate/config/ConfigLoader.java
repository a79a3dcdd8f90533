package io.pushgate.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
      return retriever.getConfig().eventually(retriever::close);
    }).recover(failure -> Future.failedFuture(
        new ConfigException(List.of("cannot read " + path + ": " + failure.getMessage()))))
        .map(ConfigLoader::check);
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
