package io.github.streamexecutors.autoconfigure;

import io.github.streamexecutors.MapStatistics;
import io.github.streamexecutors.StreamTaskExecutor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * {@link Endpoint @Endpoint} that lists the application's stream executors, named ones included:
 * their configuration, their pool and their open maps. Read-only.
 */
@Endpoint(id = "streamexecutors")
public class StreamExecutorsEndpoint {

  private final ListableBeanFactory beanFactory;

  StreamExecutorsEndpoint(ListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  /** Every stream executor, by name. */
  @ReadOperation
  public StreamExecutorsDescriptor streamExecutors() {
    Map<String, ExecutorDescriptor> executors = new LinkedHashMap<>();
    for (StreamExecutorBeans.StreamExecutorBean bean : StreamExecutorBeans.find(this.beanFactory)) {
      executors.put(bean.executor().name(), describe(bean));
    }
    return new StreamExecutorsDescriptor(executors);
  }

  /** The stream executor with the given name, or {@code null} (404) if there is none. */
  @ReadOperation
  public ExecutorDescriptor streamExecutor(@Selector String name) {
    return streamExecutors().executors().get(name);
  }

  private static ExecutorDescriptor describe(StreamExecutorBeans.StreamExecutorBean bean) {
    StreamTaskExecutor executor = bean.executor();
    List<MapDescriptor> maps = executor.openMaps().stream().map(MapDescriptor::new).toList();
    return new ExecutorDescriptor(
        executor.name(),
        bean.beanName(),
        bounded(executor.defaultBufferSize()),
        (bean.pool() != null) ? new PoolDescriptor(bean.pool()) : null,
        executor.queueDepth(),
        executor.inFlight(),
        maps);
  }

  /** Null for {@code Integer.MAX_VALUE}, which means unbounded, so that no client shows it. */
  static Integer bounded(int size) {
    return (size == Integer.MAX_VALUE) ? null : size;
  }

  /** All stream executors, by name. */
  public record StreamExecutorsDescriptor(Map<String, ExecutorDescriptor> executors)
      implements OperationResponseBody {}

  /**
   * One stream executor.
   *
   * @param name the executor's name ({@code default} for the default one)
   * @param beanName the executor's bean name
   * @param bufferSize the buffer size of maps that do not name one; null: unbounded
   * @param pool the pool's configuration and state, or null for an executor this starter did not
   *     build
   * @param queueDepth inputs pulled whose results were not taken, over all open maps
   * @param inFlight map tasks submitted to the pool and not finished
   * @param openMaps the open maps, oldest first
   */
  public record ExecutorDescriptor(
      String name,
      String beanName,
      Integer bufferSize,
      PoolDescriptor pool,
      long queueDepth,
      long inFlight,
      List<MapDescriptor> openMaps)
      implements OperationResponseBody {}

  /**
   * The pool of a stream executor.
   *
   * @param coreSize core number of threads
   * @param maxSize maximum number of threads; null: unbounded
   * @param queueCapacity queue capacity; null: unbounded
   * @param size current number of threads
   * @param active threads running a task
   * @param queued tasks waiting in the queue
   */
  public record PoolDescriptor(
      int coreSize, Integer maxSize, Integer queueCapacity, int size, int active, int queued) {

    PoolDescriptor(ThreadPoolTaskExecutor pool) {
      this(
          pool.getCorePoolSize(),
          bounded(pool.getMaxPoolSize()),
          bounded(pool.getQueueCapacity()),
          pool.getPoolSize(),
          pool.getActiveCount(),
          pool.getQueueSize());
    }
  }

  /**
   * One open map.
   *
   * @param id the map's number within its executor, as in its feeder's thread name while it runs
   * @param bufferSize the map's buffer size; null: unbounded
   * @param queueDepth inputs pulled whose results the consumer has not taken
   * @param inFlight tasks submitted to the pool and not finished
   * @param age time since the map started
   */
  public record MapDescriptor(
      long id, Integer bufferSize, long queueDepth, long inFlight, Duration age) {

    MapDescriptor(MapStatistics statistics) {
      this(
          statistics.id(),
          bounded(statistics.bufferSize()),
          statistics.queueDepth(),
          statistics.inFlight(),
          statistics.age());
    }
  }
}
