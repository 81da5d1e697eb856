package io.github.streamexecutors.autoconfigure;

import io.github.streamexecutors.StreamTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Every {@link StreamTaskExecutor} bean in a context, named ones included, with its pool when this
 * starter built it.
 *
 * <p>Named executors are not default candidates, so injection of a {@code List} or an {@code
 * ObjectProvider} skips them. A by-type lookup on the bean factory does not: that is what metrics
 * and the endpoint use.
 */
final class StreamExecutorBeans {

  private StreamExecutorBeans() {}

  /**
   * One executor bean: its bean name, the executor, and its pool (null for an application's own
   * executor, whose pool this starter does not know).
   */
  record StreamExecutorBean(
      String beanName, StreamTaskExecutor executor, ThreadPoolTaskExecutor pool) {}

  static List<StreamExecutorBean> find(ListableBeanFactory beanFactory) {
    Map<String, StreamTaskExecutorFactoryBean> factories =
        beanFactory.getBeansOfType(StreamTaskExecutorFactoryBean.class);
    List<StreamExecutorBean> beans = new ArrayList<>();
    beanFactory
        .getBeansOfType(StreamTaskExecutor.class)
        .forEach(
            (beanName, executor) -> {
              StreamTaskExecutorFactoryBean factory =
                  factories.get(BeanFactory.FACTORY_BEAN_PREFIX + beanName);
              beans.add(
                  new StreamExecutorBean(
                      beanName, executor, (factory != null) ? factory.pool() : null));
            });
    return beans;
  }
}
