package io.pushgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("README's config reference documents every key")
class ReadmeTest {

  @Test
  @DisplayName("each key, its environment variable and its default appear in README.md")
  void every_key_is_documented() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (ConfigKey key : ConfigSchema.KEYS) {
      String path = key.path().replace("*", "<name>");
      assertThat(readme).as(path).contains("`" + path + "`");
      assertThat(readme).as(path).contains(key.envName().replace("*", "<NAME>"));
      if (key.defaultValue() != null) {
        assertThat(readme).as(path).contains("| `" + path + "` | `" + key.defaultValue() + "` |");
      }
    }
  }
}
