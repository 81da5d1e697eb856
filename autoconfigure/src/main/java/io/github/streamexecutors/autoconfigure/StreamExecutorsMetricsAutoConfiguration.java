package io.github.streamexecutors.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the metrics of stream executors: one {@link MeterBinder} for every
 * executor, named ones included. Ordered after the meter registry's auto-configuration; without
 * Micrometer or a {@link MeterRegistry} it does nothing and the executors work without metrics.
 * {@code management.metrics.enable.stream.executor=false} turns the {@code stream.executor.*}
 * meters off.
 */
@AutoConfiguration(
    after = StreamExecutorsAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBooleanProperty(name = "stream-executors.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public final class StreamExecutorsMetricsAutoConfiguration {

  @Bean
  StreamExecutorsMeterBinder streamExecutorsMeterBinder(ListableBeanFactory beanFactory) {
    return new StreamExecutorsMeterBinder(beanFactory);
  }
}
