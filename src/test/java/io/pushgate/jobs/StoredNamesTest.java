package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stored state and status names are the same ASCII words whatever the JVM's default locale")
class StoredNamesTest {

  private Locale before;

  @BeforeEach
  void turkish() {
    // In Turkish, "i".toUpperCase() is "İ" and "I".toLowerCase() is "ı": the case a locale-bound conversion breaks.
    before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
  }

  @AfterEach
  void restore() {
    Locale.setDefault(before);
  }

  @Test
  @DisplayName("a message state's stored name is what the schema's queries name, and reads back")
  void message_states() {
    assertThat(MessageState.FAILED.stored()).isEqualTo("failed");
    for (MessageState state : MessageState.values()) {
      assertThat(MessageState.fromStored(state.stored())).isEqualTo(state);
    }
  }

  @Test
  @DisplayName("a job status's stored name is what the schema's queries name, and reads back")
  void job_statuses() {
    assertThat(JobStatus.RECEIVING.json()).isEqualTo("receiving");
    for (JobStatus status : JobStatus.values()) {
      assertThat(JobStatus.fromStored(status.json())).isEqualTo(status);
    }
  }
}
