package io.github.streamexecutors.autoconfigure;

import io.github.streamexecutors.ContextPropagator;
import io.github.streamexecutors.StreamTaskExecutor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Builds one {@link StreamTaskExecutor} over a pool built the way Spring Boot builds its own
 * application task executor, and shuts both down when the context closes.
 *
 * <p>The pool is deliberately not a bean: a {@link ThreadPoolTaskExecutor} bean would be a
 * candidate for {@code @Async} and would make Spring Boot back off its {@code
 * applicationTaskExecutor}. Keeping it inside this factory hides it from every by-type lookup while
 * the container still drives its shutdown.
 *
 * <p>The application's task decorators are not set on the pool, where they would run per task at
 * {@code execute}, in the map's feeder, and capture its context instead of the caller's. They
 * become the executor's {@link ContextPropagator}: each decorates once per map, on the thread that
 * calls {@code map}. Tasks handed to the executor's {@code ExecutorService} methods directly run
 * undecorated.
 *
 * <p>Shutdown order: first the {@code StreamTaskExecutor}, which stops every map's feeder (so no
 * new task reaches the pool) and shuts the pool down in the mode {@code shutdown.await-termination}
 * asks for: {@code shutdown()} to let submitted tasks finish, {@code shutdownNow()} otherwise. Then
 * the pool's own graceful shutdown, which repeats the same mode (a no-op by then) and waits up to
 * {@code shutdown.await-termination-period}. The two never disagree.
 */
final class StreamTaskExecutorFactoryBean
    implements FactoryBean<StreamTaskExecutor>, DisposableBean {

  private final StreamExecutorSettings settings;

  private final ThreadPoolTaskExecutor pool;

  private final StreamTaskExecutor executor;

  StreamTaskExecutorFactoryBean(
      StreamExecutorSettings settings, TaskDecorator taskDecorator, boolean virtualThreads) {
    this.settings = settings;
    this.pool = buildPool(settings);
    if (virtualThreads) {
      this.pool.setVirtualThreads(true);
    }
    this.pool.initialize();
    StreamTaskExecutor.Builder builder =
        StreamTaskExecutor.builder(this.pool.getThreadPoolExecutor())
            .name(settings.name())
            .defaultBufferSize(settings.bufferSize())
            .contextPropagator(
                (taskDecorator != null)
                    ? new TaskDecoratorContextPropagator(taskDecorator)
                    : ContextPropagator.NONE);
    if (virtualThreads) {
      builder.feederExecutor(virtualFeeders());
    }
    this.executor = builder.build();
  }

  /**
   * With virtual threads, each feeder run gets a virtual thread of its own: a source blocked in I/O
   * then holds no platform thread either.
   */
  private static SimpleAsyncTaskExecutor virtualFeeders() {
    SimpleAsyncTaskExecutor feeders = new SimpleAsyncTaskExecutor("stream-executors-feeder-");
    feeders.setVirtualThreads(true);
    return feeders;
  }

  private static ThreadPoolTaskExecutor buildPool(StreamExecutorSettings settings) {
    return new ThreadPoolTaskExecutorBuilder()
        .queueCapacity(settings.queueCapacity())
        .corePoolSize(settings.coreSize())
        .maxPoolSize(settings.maxSize())
        .allowCoreThreadTimeOut(settings.allowCoreThreadTimeout())
        .keepAlive(settings.keepAlive())
        .awaitTermination(settings.awaitTermination())
        .awaitTerminationPeriod(settings.awaitTerminationPeriod())
        .threadNamePrefix(settings.threadNamePrefix())
        .build();
  }

  @Override
  public StreamTaskExecutor getObject() {
    return this.executor;
  }

  @Override
  public Class<?> getObjectType() {
    return StreamTaskExecutor.class;
  }

  ThreadPoolTaskExecutor pool() {
    return this.pool;
  }

  @Override
  public void destroy() {
    if (this.settings.awaitTermination()) {
      this.executor.shutdown();
    } else {
      this.executor.shutdownNow();
    }
    this.pool.destroy();
  }
}
