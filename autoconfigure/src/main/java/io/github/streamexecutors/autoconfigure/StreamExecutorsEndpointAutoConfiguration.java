package io.github.streamexecutors.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@link StreamExecutorsEndpoint} ({@code /actuator/streamexecutors}).
 * Like Spring Boot's own endpoints it is available only once exposed, for example with {@code
 * management.endpoints.web.exposure.include=streamexecutors}.
 */
@AutoConfiguration(after = StreamExecutorsAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBooleanProperty(name = "stream-executors.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(StreamExecutorsEndpoint.class)
public final class StreamExecutorsEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  StreamExecutorsEndpoint streamExecutorsEndpoint(ListableBeanFactory beanFactory) {
    return new StreamExecutorsEndpoint(beanFactory);
  }
}
