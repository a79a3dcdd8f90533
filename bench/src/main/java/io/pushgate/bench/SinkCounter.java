package io.pushgate.bench;

/**
 * A sink's count of the POSTs it has received, read before and after each row so that the load generator can check
 * that the sink got exactly as many as the row sent. Read from the load generator's main thread only.
 */
interface SinkCounter {

  /** POSTs the sink has received so far. Blocks: never call it on an event loop. */
  long received();
}
