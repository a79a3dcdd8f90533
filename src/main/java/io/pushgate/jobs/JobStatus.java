package io.pushgate.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a job is. {@link #RECEIVING} is internal: its body is still being stored, and no API shows it.
 */
public enum JobStatus {
  RECEIVING, QUEUED, RUNNING, COMPLETED, CANCELLED;

  /** The name in the API and in the store. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status of a stored name ({@link #json()}). */
  public static JobStatus fromStored(String stored) {
    return valueOf(stored.toUpperCase(Locale.ROOT));
  }

  /** Whether nothing more will happen to the job's messages but the ones on the wire finishing. */
  public boolean finished() {
    return this == COMPLETED || this == CANCELLED;
  }

  /** The status an API caller may filter on, by its name. */
  public static Optional<JobStatus> parse(String name) {
    return Arrays.stream(values()).filter(s -> s != RECEIVING && s.json().equals(name)).findFirst();
  }
}
