package io.github.streamexecutors.autoconfigure;

import io.github.streamexecutors.StreamTaskExecutor;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link StreamTaskExecutor} bean per {@code stream-executors.executors.<name>}.
 *
 * <p>Each bean is named {@code <name>StreamTaskExecutor} and carries the qualifier {@code <name>}.
 * It is not a default candidate, so it never satisfies an unqualified injection point of type
 * {@code StreamTaskExecutor}, {@code ExecutorService} or {@code Executor}, nor makes Spring Boot's
 * bean conditions back off. It is also a fallback bean: {@code getBean(StreamTaskExecutor.class)}
 * prefers a single non-fallback candidate over the default candidate, so without that flag a lone
 * named executor would win over the default one.
 */
final class NamedStreamExecutorsRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

  private static final String EXECUTORS_KEY = "stream-executors.executors";

  private Environment environment;

  private BeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
    Map<String, Object> executors =
        Binder.get(this.environment)
            .bind(EXECUTORS_KEY, Bindable.mapOf(String.class, Object.class))
            .orElse(Map.of());
    for (String name : executors.keySet()) {
      registry.registerBeanDefinition(beanName(name), definition(name));
    }
  }

  static String beanName(String executorName) {
    return executorName + "StreamTaskExecutor";
  }

  private RootBeanDefinition definition(String name) {
    RootBeanDefinition definition =
        new RootBeanDefinition(StreamTaskExecutorFactoryBean.class, () -> create(name));
    definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, StreamTaskExecutor.class);
    definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
    definition.setDefaultCandidate(false);
    definition.setFallback(true);
    return definition;
  }

  private StreamTaskExecutorFactoryBean create(String name) {
    StreamExecutorsProperties properties =
        this.beanFactory.getBean(StreamExecutorsProperties.class);
    TaskDecorator taskDecorator =
        StreamExecutorsAutoConfiguration.taskDecorator(
            this.beanFactory.getBeanProvider(TaskDecorator.class));
    return new StreamTaskExecutorFactoryBean(
        StreamExecutorSettings.ofNamed(properties, name),
        taskDecorator,
        Threading.VIRTUAL.isActive(this.environment));
  }
}
