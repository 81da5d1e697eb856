package io.github.streamexecutors.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for stream executors. Key names mirror {@code spring.task.execution.*}.
 * The top-level settings configure the default executor and are inherited by every named executor
 * under {@code stream-executors.executors.<name>}, which may override any of them.
 *
 * <p>Unknown keys fail binding, and so do invalid values: the binder validates the bound properties
 * with this class's own {@link Validator} methods, and report the origin of each bad value.
 */
@ConfigurationProperties(prefix = "stream-executors", ignoreUnknownFields = false)
public class StreamExecutorsProperties implements Validator, EnvironmentAware {

  /** Where the bound values came from: their origins, for the error report. */
  private Environment environment;

  /** Whether to auto-configure stream executors, their metrics and their endpoint. */
  private boolean enabled = true;

  /**
   * Buffer size of maps that do not name one: how many results a map keeps ahead of its consumer.
   * Must be at least 1.
   */
  private int bufferSize = 10_000;

  /**
   * Prefix to use for the names of pool threads. Named executors default to this prefix followed by
   * their name and a dash.
   */
  private String threadNamePrefix = "stream-";

  private final Pool pool = new Pool();

  private final Shutdown shutdown = new Shutdown();

  /**
   * Named executors, injectable with a qualifier of their name. Each inherits the settings above
   * and may override any of them.
   */
  private final Map<String, NamedExecutor> executors = new LinkedHashMap<>();

  public boolean isEnabled() {
    return this.enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getBufferSize() {
    return this.bufferSize;
  }

  public void setBufferSize(int bufferSize) {
    this.bufferSize = bufferSize;
  }

  public String getThreadNamePrefix() {
    return this.threadNamePrefix;
  }

  public void setThreadNamePrefix(String threadNamePrefix) {
    this.threadNamePrefix = threadNamePrefix;
  }

  public Pool getPool() {
    return this.pool;
  }

  public Shutdown getShutdown() {
    return this.shutdown;
  }

  public Map<String, NamedExecutor> getExecutors() {
    return this.executors;
  }

  @Override
  public boolean supports(Class<?> type) {
    return StreamExecutorsProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    new StreamExecutorsPropertiesValidator(errors, this::findProperty)
        .validate((StreamExecutorsProperties) target);
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  private ConfigurationProperty findProperty(String key) {
    if (this.environment == null) {
      return null;
    }
    ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
      ConfigurationProperty property = source.getConfigurationProperty(name);
      if (property != null) {
        return property;
      }
    }
    return null;
  }

  /** Pool settings of the default executor, inherited by named executors. */
  public static class Pool {

    /** Queue capacity. An unbounded capacity does not increase the pool beyond its core size. */
    private int queueCapacity = Integer.MAX_VALUE;

    /** Core number of threads. */
    private int coreSize = 8;

    /**
     * Maximum allowed number of threads. If tasks are filling up the queue, the pool can expand up
     * to that size. Ignored if the queue is unbounded.
     */
    private int maxSize = Integer.MAX_VALUE;

    /** Whether core threads are allowed to time out, so that the pool can grow and shrink. */
    private boolean allowCoreThreadTimeout = true;

    /** Time limit for which threads may remain idle before being terminated. */
    private Duration keepAlive = Duration.ofSeconds(60);

    public int getQueueCapacity() {
      return this.queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
    }

    public int getCoreSize() {
      return this.coreSize;
    }

    public void setCoreSize(int coreSize) {
      this.coreSize = coreSize;
    }

    public int getMaxSize() {
      return this.maxSize;
    }

    public void setMaxSize(int maxSize) {
      this.maxSize = maxSize;
    }

    public boolean isAllowCoreThreadTimeout() {
      return this.allowCoreThreadTimeout;
    }

    public void setAllowCoreThreadTimeout(boolean allowCoreThreadTimeout) {
      this.allowCoreThreadTimeout = allowCoreThreadTimeout;
    }

    public Duration getKeepAlive() {
      return this.keepAlive;
    }

    public void setKeepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
    }
  }

  /** Shutdown settings of the default executor, inherited by named executors. */
  public static class Shutdown {

    /**
     * Whether tasks already submitted should complete on shutdown. Otherwise they are interrupted
     * and their consumers get a RejectedExecutionException.
     */
    private boolean awaitTermination;

    /** Maximum time to wait for remaining tasks to complete on shutdown. */
    private Duration awaitTerminationPeriod;

    public boolean isAwaitTermination() {
      return this.awaitTermination;
    }

    public void setAwaitTermination(boolean awaitTermination) {
      this.awaitTermination = awaitTermination;
    }

    public Duration getAwaitTerminationPeriod() {
      return this.awaitTerminationPeriod;
    }

    public void setAwaitTerminationPeriod(Duration awaitTerminationPeriod) {
      this.awaitTerminationPeriod = awaitTerminationPeriod;
    }
  }

  /** A named executor: every setting left unset is inherited from the default executor's. */
  public static class NamedExecutor {

    /** Buffer size of maps that do not name one. Defaults to stream-executors.buffer-size. */
    private Integer bufferSize;

    /**
     * Prefix to use for the names of pool threads. Defaults to the inherited prefix, name, dash.
     */
    private String threadNamePrefix;

    private final NamedPool pool = new NamedPool();

    private final NamedShutdown shutdown = new NamedShutdown();

    public Integer getBufferSize() {
      return this.bufferSize;
    }

    public void setBufferSize(Integer bufferSize) {
      this.bufferSize = bufferSize;
    }

    public String getThreadNamePrefix() {
      return this.threadNamePrefix;
    }

    public void setThreadNamePrefix(String threadNamePrefix) {
      this.threadNamePrefix = threadNamePrefix;
    }

    public NamedPool getPool() {
      return this.pool;
    }

    public NamedShutdown getShutdown() {
      return this.shutdown;
    }
  }

  /** Pool settings of a named executor; unset ones are inherited. */
  public static class NamedPool {

    /** Queue capacity. Defaults to stream-executors.pool.queue-capacity. */
    private Integer queueCapacity;

    /** Core number of threads. Defaults to stream-executors.pool.core-size. */
    private Integer coreSize;

    /** Maximum allowed number of threads. Defaults to stream-executors.pool.max-size. */
    private Integer maxSize;

    /**
     * Whether core threads are allowed to time out. Defaults to
     * stream-executors.pool.allow-core-thread-timeout.
     */
    private Boolean allowCoreThreadTimeout;

    /** Time limit for idle threads. Defaults to stream-executors.pool.keep-alive. */
    private Duration keepAlive;

    public Integer getQueueCapacity() {
      return this.queueCapacity;
    }

    public void setQueueCapacity(Integer queueCapacity) {
      this.queueCapacity = queueCapacity;
    }

    public Integer getCoreSize() {
      return this.coreSize;
    }

    public void setCoreSize(Integer coreSize) {
      this.coreSize = coreSize;
    }

    public Integer getMaxSize() {
      return this.maxSize;
    }

    public void setMaxSize(Integer maxSize) {
      this.maxSize = maxSize;
    }

    public Boolean getAllowCoreThreadTimeout() {
      return this.allowCoreThreadTimeout;
    }

    public void setAllowCoreThreadTimeout(Boolean allowCoreThreadTimeout) {
      this.allowCoreThreadTimeout = allowCoreThreadTimeout;
    }

    public Duration getKeepAlive() {
      return this.keepAlive;
    }

    public void setKeepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
    }
  }

  /** Shutdown settings of a named executor; unset ones are inherited. */
  public static class NamedShutdown {

    /**
     * Whether tasks already submitted should complete on shutdown. Defaults to
     * stream-executors.shutdown.await-termination.
     */
    private Boolean awaitTermination;

    /**
     * Maximum time to wait for remaining tasks on shutdown. Defaults to
     * stream-executors.shutdown.await-termination-period.
     */
    private Duration awaitTerminationPeriod;

    public Boolean getAwaitTermination() {
      return this.awaitTermination;
    }

    public void setAwaitTermination(Boolean awaitTermination) {
      this.awaitTermination = awaitTermination;
    }

    public Duration getAwaitTerminationPeriod() {
      return this.awaitTerminationPeriod;
    }

    public void setAwaitTerminationPeriod(Duration awaitTerminationPeriod) {
      this.awaitTerminationPeriod = awaitTerminationPeriod;
    }
  }
}
