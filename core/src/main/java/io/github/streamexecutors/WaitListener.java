package io.github.streamexecutors;

/**
 * Receives how long the two sides of a map waited for each other; the hook behind the {@code
 * stream.executor.consumer.wait} and {@code stream.executor.feeder.wait} timers.
 *
 * <p>Only actual waits are reported: a consumer that finds its next result ready, or a feeder that
 * finds buffer space, reports nothing, and no clock is read on those paths. With no listener added
 * the executor reads no clock at all.
 *
 * <p>A consumer's wait is reported on its thread right after it ends. A feeder does not hold a
 * thread while it waits for space: its wait (from giving its thread back to its next run) is
 * reported when that run starts, on the feeder executor's thread. Methods must be fast and must not
 * throw; an exception they throw is ignored.
 */
public interface WaitListener {

  /**
   * The consumer waited this long for its next result: the pool (or the source) is behind.
   *
   * @param nanos the wait in nanoseconds, at least 0
   */
  default void consumerWaited(long nanos) {}

  /**
   * A feeder waited this long for buffer space: the consumer is behind.
   *
   * @param nanos the wait in nanoseconds, at least 0
   */
  default void feederWaited(long nanos) {}
}
