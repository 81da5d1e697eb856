package io.github.streamexecutors.autoconfigure;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one executor, with inheritance resolved. The values were checked when the
 * properties were bound ({@link StreamExecutorsPropertiesValidator}).
 */
record StreamExecutorSettings(
    String name,
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

  static final String PREFIX = "stream-executors";

  /** The settings of the default executor: the top-level properties. */
  static StreamExecutorSettings ofDefault(StreamExecutorsProperties properties) {
    StreamExecutorsProperties.Pool pool = properties.getPool();
    StreamExecutorsProperties.Shutdown shutdown = properties.getShutdown();
    return new StreamExecutorSettings(
        DEFAULT_NAME,
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
    StreamExecutorsProperties.NamedExecutor executor = properties.getExecutors().get(name);
    StreamExecutorSettings defaults = ofDefault(properties);
    StreamExecutorsProperties.NamedPool pool = executor.getPool();
    StreamExecutorsProperties.NamedShutdown shutdown = executor.getShutdown();
    return new StreamExecutorSettings(
        name,
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
}
