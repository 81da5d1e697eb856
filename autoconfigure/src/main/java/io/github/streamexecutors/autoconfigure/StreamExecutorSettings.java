package io.github.streamexecutors.autoconfigure;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one executor, with inheritance resolved and every value checked. Errors name the
 * property and what it allows, so that a bad value fails start-up with an actionable message.
 */
record StreamExecutorSettings(
    String name,
    String prefix,
    int bufferSize,
    String threadNamePrefix,
    int queueCapacity,
    int coreSize,
    int maxSize,
    boolean allowCoreThreadTimeout,
    Duration keepAlive,
    boolean awaitTermination,
    Duration awaitTerminationPeriod) {

  static final String DEFAULT_NAME = "default";

  private static final String PREFIX = "stream-executors";

  StreamExecutorSettings {
    atLeast(bufferSize, 1, prefix + ".buffer-size");
    atLeast(queueCapacity, 0, prefix + ".pool.queue-capacity");
    atLeast(coreSize, 0, prefix + ".pool.core-size");
    atLeast(maxSize, 1, prefix + ".pool.max-size");
    if (coreSize > maxSize) {
      throw new IllegalStateException(
          prefix
              + ".pool.core-size must be at most "
              + prefix
              + ".pool.max-size ("
              + maxSize
              + "), was "
              + coreSize);
    }
    if (keepAlive.isNegative()) {
      throw new IllegalStateException(
          prefix + ".pool.keep-alive must not be negative, was " + keepAlive);
    }
    if (awaitTerminationPeriod != null && awaitTerminationPeriod.isNegative()) {
      throw new IllegalStateException(
          prefix
              + ".shutdown.await-termination-period must not be negative, was "
              + awaitTerminationPeriod);
    }
  }

  /** The settings of the default executor: the top-level properties. */
  static StreamExecutorSettings ofDefault(StreamExecutorsProperties properties) {
    StreamExecutorsProperties.Pool pool = properties.getPool();
    StreamExecutorsProperties.Shutdown shutdown = properties.getShutdown();
    return new StreamExecutorSettings(
        DEFAULT_NAME,
        PREFIX,
        properties.getBufferSize(),
        properties.getThreadNamePrefix(),
        pool.getQueueCapacity(),
        pool.getCoreSize(),
        pool.getMaxSize(),
        pool.isAllowCoreThreadTimeout(),
        pool.getKeepAlive(),
        shutdown.isAwaitTermination(),
        shutdown.getAwaitTerminationPeriod());
  }

  /** The settings of a named executor: its own where set, the default executor's elsewhere. */
  static StreamExecutorSettings ofNamed(StreamExecutorsProperties properties, String name) {
    String prefix = PREFIX + ".executors." + name;
    if (DEFAULT_NAME.equals(name)) {
      throw new IllegalStateException(
          prefix + " is not allowed: the name 'default' belongs to the default executor");
    }
    StreamExecutorsProperties.NamedExecutor executor = properties.getExecutors().get(name);
    StreamExecutorSettings defaults = ofDefault(properties);
    StreamExecutorsProperties.NamedPool pool = executor.getPool();
    StreamExecutorsProperties.NamedShutdown shutdown = executor.getShutdown();
    return new StreamExecutorSettings(
        name,
        prefix,
        inherit(executor.getBufferSize(), defaults.bufferSize()),
        inherit(executor.getThreadNamePrefix(), defaults.threadNamePrefix() + name + "-"),
        inherit(pool.getQueueCapacity(), defaults.queueCapacity()),
        inherit(pool.getCoreSize(), defaults.coreSize()),
        inherit(pool.getMaxSize(), defaults.maxSize()),
        inherit(pool.getAllowCoreThreadTimeout(), defaults.allowCoreThreadTimeout()),
        inherit(pool.getKeepAlive(), defaults.keepAlive()),
        inherit(shutdown.getAwaitTermination(), defaults.awaitTermination()),
        shutdown.getAwaitTerminationPeriod() != null
            ? shutdown.getAwaitTerminationPeriod()
            : defaults.awaitTerminationPeriod());
  }

  private static <T> T inherit(T own, T inherited) {
    return Objects.requireNonNullElse(own, inherited);
  }

  private static void atLeast(int value, int minimum, String key) {
    if (value < minimum) {
      throw new IllegalStateException(key + " must be at least " + minimum + ", was " + value);
    }
  }
}
