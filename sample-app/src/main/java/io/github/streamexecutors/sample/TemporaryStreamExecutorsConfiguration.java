package io.github.streamexecutors.sample;

import io.github.streamexecutors.StreamTaskExecutor;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * TEMPORARY stand-in for the starter's named executors until the starter (issue 3) lands; deleted
 * then. Reads the same {@code stream-executors.executors.<name>.*} keys.
 */
@Configuration(proxyBeanMethods = false)
class TemporaryStreamExecutorsConfiguration {

  @Bean(destroyMethod = "shutdownNow", defaultCandidate = false)
  StreamTaskExecutor download(Environment environment) {
    return executor("download", environment);
  }

  @Bean(destroyMethod = "shutdownNow", defaultCandidate = false)
  StreamTaskExecutor count(Environment environment) {
    return executor("count", environment);
  }

  @Bean(destroyMethod = "shutdownNow", defaultCandidate = false)
  StreamTaskExecutor upload(Environment environment) {
    return executor("upload", environment);
  }

  private static StreamTaskExecutor executor(String name, Environment environment) {
    String prefix = "stream-executors.executors." + name + ".";
    int bufferSize = environment.getRequiredProperty(prefix + "buffer-size", Integer.class);
    int poolSize = environment.getRequiredProperty(prefix + "pool.core-size", Integer.class);
    return new StreamTaskExecutor(Executors.newFixedThreadPool(poolSize), bufferSize, name);
  }
}
