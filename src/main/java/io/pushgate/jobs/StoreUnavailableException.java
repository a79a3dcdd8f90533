package io.pushgate.jobs;

/** The job store could not be reached or refused a write (database down, disk full). */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
