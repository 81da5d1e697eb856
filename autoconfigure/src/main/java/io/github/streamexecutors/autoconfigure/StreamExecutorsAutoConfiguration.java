package io.github.streamexecutors.autoconfigure;

import io.github.streamexecutors.StreamTaskExecutor;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Fallback;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

/**
 * Auto-configuration for {@link StreamTaskExecutor}: a default executor, injectable by type, and
 * one executor per {@code stream-executors.executors.<name>}, injectable with
 * {@code @Qualifier("<name>")}.
 *
 * <p>Ordered after {@link TaskExecutionAutoConfiguration}: Spring Boot backs off its {@code
 * applicationTaskExecutor} when it sees an {@code Executor} bean, and a {@code StreamTaskExecutor}
 * is one. The default executor is a {@link Fallback} bean so that it never takes an {@code
 * Executor} or {@code ExecutorService} injection point from an application's own executor.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "stream-executors.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StreamExecutorsProperties.class)
@Import(NamedStreamExecutorsRegistrar.class)
public final class StreamExecutorsAutoConfiguration {

  /** Bean name of the default {@link StreamTaskExecutor}. */
  public static final String DEFAULT_EXECUTOR_BEAN_NAME = "streamTaskExecutor";

  @Bean(DEFAULT_EXECUTOR_BEAN_NAME)
  @Fallback
  @ConditionalOnMissingBean(StreamTaskExecutor.class)
  StreamTaskExecutorFactoryBean streamTaskExecutor(
      StreamExecutorsProperties properties,
      ObjectProvider<TaskDecorator> taskDecorators,
      Environment environment) {
    return new StreamTaskExecutorFactoryBean(
        StreamExecutorSettings.ofDefault(properties),
        taskDecorator(taskDecorators),
        Threading.VIRTUAL.isActive(environment));
  }

  /** Combines the application's task decorators as Spring Boot does for its own executor. */
  static TaskDecorator taskDecorator(ObjectProvider<TaskDecorator> taskDecorators) {
    List<TaskDecorator> decorators = taskDecorators.orderedStream().toList();
    if (decorators.isEmpty()) {
      return null;
    }
    return (decorators.size() == 1) ? decorators.get(0) : new CompositeTaskDecorator(decorators);
  }
}
