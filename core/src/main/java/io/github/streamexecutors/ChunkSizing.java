package io.github.streamexecutors;

/**
 * How many inputs the next pool task of a map takes: pure arithmetic over the map's options and the
 * measured pace, no clock and no shared state.
 *
 * <p>Fixed chunking always answers the chunk size (capped by the buffer, which bounds inputs, not
 * tasks). Adaptive chunking groups only while both a task and a pull are tiny (at most {@link
 * #TINY_NANOS}: about what handing one task to a pool costs, so below it the hand-off dominates the
 * work), and then sizes a group to run about {@link #TARGET_GROUP_NANOS}, at most {@link
 * #MAX_ADAPTIVE_GROUP} inputs and a quarter of the buffer, so that several groups are in flight.
 */
final class ChunkSizing {

  /** Adaptive chunking sizes a group to run about this long. */
  static final long TARGET_GROUP_NANOS = 50_000;

  /** Adaptive chunking groups only while a task and a pull each take at most this long. */
  static final long TINY_NANOS = 10_000;

  /** The largest group adaptive chunking makes. */
  static final int MAX_ADAPTIVE_GROUP = 1024;

  /** Before the first measurement: tasks of unknown length run one input each. */
  static final long UNMEASURED = -1;

  private final int chunkSize;
  private final boolean adaptive;
  private final int bufferSize;

  private ChunkSizing(int chunkSize, boolean adaptive, int bufferSize) {
    this.chunkSize = chunkSize;
    this.adaptive = adaptive;
    this.bufferSize = bufferSize;
  }

  static ChunkSizing of(MapOptions options, int bufferSize) {
    return new ChunkSizing(
        Math.min(options.chunkSize(), bufferSize), options.adaptiveChunking(), bufferSize);
  }

  /** Whether tasks may hold more than one input; if not, the feeder reads no clock. */
  boolean groups() {
    return adaptive || chunkSize > 1;
  }

  /** Whether tasks must measure how long they take. */
  boolean adaptive() {
    return adaptive;
  }

  /**
   * The size of the next group, given a task's measured time per input ({@link #UNMEASURED} before
   * the first) and the last pull's time.
   */
  int nextGroupSize(long taskNanosPerInput, long lastPullNanos) {
    return adaptive ? adaptiveSize(taskNanosPerInput, lastPullNanos, bufferSize) : chunkSize;
  }

  static int adaptiveSize(long taskNanosPerInput, long lastPullNanos, int bufferSize) {
    if (taskNanosPerInput < 0 || taskNanosPerInput > TINY_NANOS || lastPullNanos > TINY_NANOS) {
      return 1;
    }
    long size = TARGET_GROUP_NANOS / Math.max(1, taskNanosPerInput + lastPullNanos);
    return (int) Math.max(1, Math.min(Math.min(MAX_ADAPTIVE_GROUP, bufferSize / 4), size));
  }

  /** The running average of a task's time per input after one more measurement. */
  static long averaged(long average, long nanos, int inputs) {
    long perInput = nanos / inputs;
    return average < 0 ? perInput : (7 * average + perInput) / 8;
  }
}
