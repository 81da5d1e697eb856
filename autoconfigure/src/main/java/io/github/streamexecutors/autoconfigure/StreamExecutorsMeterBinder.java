package io.github.streamexecutors.autoconfigure;

import io.github.streamexecutors.StreamTaskExecutor;
import io.github.streamexecutors.WaitListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Binds the meters of every {@link StreamTaskExecutor} bean, named ones included, tagged with the
 * executor's {@code name}, and Micrometer's standard {@code executor.*} meters for each pool this
 * starter built, tagged with the executor's bean name as Spring Boot does for its own executors.
 */
final class StreamExecutorsMeterBinder implements MeterBinder {

  static final String QUEUE_DEPTH = "stream.executor.queue.depth";

  static final String IN_FLIGHT = "stream.executor.in.flight";

  static final String ACTIVE_MAPS = "stream.executor.maps.active";

  static final String CONSUMER_WAIT = "stream.executor.consumer.wait";

  static final String FEEDER_WAIT = "stream.executor.feeder.wait";

  private static final String MAPS = "maps";

  private final ListableBeanFactory beanFactory;

  StreamExecutorsMeterBinder(ListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (StreamExecutorBeans.StreamExecutorBean bean : StreamExecutorBeans.find(this.beanFactory)) {
      bindExecutor(registry, bean.executor());
      if (bean.pool() != null) {
        new ExecutorServiceMetrics(
                bean.pool().getThreadPoolExecutor(), bean.beanName(), Tags.empty())
            .bindTo(registry);
      }
    }
  }

  private void bindExecutor(MeterRegistry registry, StreamTaskExecutor executor) {
    Tags tags = Tags.of("name", executor.name());
    Gauge.builder(QUEUE_DEPTH, executor, StreamTaskExecutor::queueDepth)
        .description(
            "Inputs pulled from their sources whose results the consumers have not taken yet")
        .baseUnit(BaseUnits.TASKS)
        .tags(tags)
        .register(registry);
    Gauge.builder(IN_FLIGHT, executor, StreamTaskExecutor::inFlight)
        .description("Map inputs pulled whose tasks have not finished")
        .baseUnit(BaseUnits.TASKS)
        .tags(tags)
        .register(registry);
    Gauge.builder(ACTIVE_MAPS, executor, StreamTaskExecutor::activeMaps)
        .description("Maps started and not yet ended")
        .baseUnit(MAPS)
        .tags(tags)
        .register(registry);
    Timer consumerWait =
        Timer.builder(CONSUMER_WAIT)
            .description("Time consumers waited for their next result: high when the pool lags")
            .tags(tags)
            .register(registry);
    Timer feederWait =
        Timer.builder(FEEDER_WAIT)
            .description("Time feeders waited for buffer space: high when the consumer lags")
            .tags(tags)
            .register(registry);
    if (!(consumerWait instanceof NoopTimer && feederWait instanceof NoopTimer)) {
      executor.addWaitListener(new TimingWaitListener(consumerWait, feederWait));
    }
  }

  /** Records waits in two timers. With both timers disabled it is not added: no clock is read. */
  private record TimingWaitListener(Timer consumerWait, Timer feederWait) implements WaitListener {

    @Override
    public void consumerWaited(long nanos) {
      this.consumerWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void feederWaited(long nanos) {
      this.feederWait.record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
