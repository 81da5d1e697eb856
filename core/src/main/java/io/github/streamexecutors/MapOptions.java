package io.github.streamexecutors;

/**
 * How one map runs: its buffer size and whether consecutive inputs share a pool task. Immutable;
 * each {@code with} method returns a new value.
 *
 * <pre>{@code
 * // Trivial work over a million inputs: let the map group inputs while tasks are tiny.
 * executor.map(x -> x * 31 + 7, inputs, MapOptions.defaults().withAdaptiveChunking());
 * // Or fix the group size: up to 256 consecutive inputs per pool task.
 * executor.map(this::parse, lines, MapOptions.defaults().withBufferSize(4096).withChunkSize(256));
 * }</pre>
 *
 * <h2>Chunking</h2>
 *
 * By default each input is one pool task. With chunking, consecutive inputs are computed one after
 * another by one task (a <i>group</i>), which removes most of the per-task cost of the pool when
 * the function is very cheap. What changes:
 *
 * <ul>
 *   <li>Inputs of a group run sequentially on one pool thread.
 *   <li>Results still come in input order and each is handed over as soon as it is computed; a
 *       failure at an input ends its group there, and the consumer gets the results before it, then
 *       the failure, as without chunking.
 *   <li>Close stops a running group between two inputs. {@link StreamTaskExecutor#inFlight()}
 *       counts a group's inputs from the moment they are pulled until the whole group has finished.
 *   <li>The buffer bound is unchanged: it counts inputs, not groups.
 * </ul>
 *
 * A group is handed to the pool when it is full, when the buffer is full, when the source ends,
 * when the source's pulls are slow, or 20 microseconds after it was started (by the feeder, or by a
 * consumer waiting for it while the source blocks), so a slow source never holds results back for
 * longer. With {@linkplain #withAdaptiveChunking() adaptive chunking}, groups are formed only while
 * tasks and source pulls are measured to take under 10 microseconds each, and sized to run for
 * about 50 microseconds; slower tasks run one per pool task, as without chunking.
 */
public final class MapOptions {

  /** The largest fixed chunk size: a group's slots are allocated when the group starts. */
  public static final int MAX_CHUNK_SIZE = 65_536;

  private static final MapOptions DEFAULTS = new MapOptions(0, 1, false);

  private final int bufferSize;
  private final int chunkSize;
  private final boolean adaptiveChunking;

  private MapOptions(int bufferSize, int chunkSize, boolean adaptiveChunking) {
    this.bufferSize = bufferSize;
    this.chunkSize = chunkSize;
    this.adaptiveChunking = adaptiveChunking;
  }

  /** The executor's default buffer size, one pool task per input. */
  public static MapOptions defaults() {
    return DEFAULTS;
  }

  /**
   * At most how many inputs are pulled ahead of the consumer.
   *
   * @param bufferSize at least 1, or {@link StreamTaskExecutor#UNBOUNDED}
   * @throws IllegalArgumentException if {@code bufferSize} is less than 1
   */
  public MapOptions withBufferSize(int bufferSize) {
    return new MapOptions(
        StreamTaskExecutor.checkBufferSize(bufferSize, "bufferSize"), chunkSize, adaptiveChunking);
  }

  /**
   * Groups up to {@code chunkSize} consecutive inputs into one pool task; 1 turns chunking off.
   * Replaces adaptive chunking.
   *
   * @throws IllegalArgumentException if {@code chunkSize} is less than 1 or more than {@link
   *     #MAX_CHUNK_SIZE}
   */
  public MapOptions withChunkSize(int chunkSize) {
    if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunkSize must be between 1 and " + MAX_CHUNK_SIZE + ", was " + chunkSize);
    }
    return new MapOptions(bufferSize, chunkSize, false);
  }

  /**
   * Groups consecutive inputs into one pool task only while tasks and source pulls are measured to
   * be very short; replaces a fixed chunk size.
   */
  public MapOptions withAdaptiveChunking() {
    return new MapOptions(bufferSize, 1, true);
  }

  /** The buffer size, or 0 for the executor's default. */
  public int bufferSize() {
    return bufferSize;
  }

  /** The fixed chunk size; 1 when chunking is off or adaptive. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Whether chunking is adaptive. */
  public boolean adaptiveChunking() {
    return adaptiveChunking;
  }

  @Override
  public String toString() {
    return "MapOptions[bufferSize="
        + (bufferSize == 0 ? "default" : bufferSize)
        + ", chunking="
        + (adaptiveChunking ? "adaptive" : chunkSize == 1 ? "off" : "fixed " + chunkSize)
        + "]";
  }
}
