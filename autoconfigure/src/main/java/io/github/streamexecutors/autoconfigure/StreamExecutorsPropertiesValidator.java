package io.github.streamexecutors.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

/**
 * The rules for {@code stream-executors.*}, applied by Spring Boot's binder (the properties class
 * is its own {@code Validator}), so that a bad value fails start-up in Boot's report: the key, the
 * value as written, its origin (file and line) and what is allowed.
 *
 * <p>A named executor's own value is checked against the values it ends up with, inherited ones
 * included; an inherited value that is wrong is reported once, at its own key.
 */
final class StreamExecutorsPropertiesValidator {

  private static final String PREFIX = StreamExecutorSettings.PREFIX + ".";

  private final Errors errors;

  private final Function<String, ConfigurationProperty> source;

  /**
   * @param source finds the property behind a full key, for its value as written and its origin;
   *     null when the key is not set
   */
  StreamExecutorsPropertiesValidator(
      Errors errors, Function<String, ConfigurationProperty> source) {
    this.errors = errors;
    this.source = source;
  }

  void validate(StreamExecutorsProperties properties) {
    StreamExecutorsProperties.Pool pool = properties.getPool();
    atLeast("buffer-size", properties.getBufferSize(), 1);
    atLeast("pool.queue-capacity", pool.getQueueCapacity(), 0);
    atLeast("pool.core-size", pool.getCoreSize(), 0);
    atLeast("pool.max-size", pool.getMaxSize(), 1);
    if (pool.getCoreSize() > pool.getMaxSize()) {
      atMostMaxSize("", "pool.core-size", pool.getCoreSize(), pool.getMaxSize());
    }
    notNegative("pool.keep-alive", pool.getKeepAlive());
    notNegative(
        "shutdown.await-termination-period", properties.getShutdown().getAwaitTerminationPeriod());
    for (Map.Entry<String, StreamExecutorsProperties.NamedExecutor> entry :
        properties.getExecutors().entrySet()) {
      validateNamed(properties, entry.getKey(), entry.getValue());
    }
  }

  private void validateNamed(
      StreamExecutorsProperties properties,
      String name,
      StreamExecutorsProperties.NamedExecutor executor) {
    String own = "executors." + name + ".";
    if (StreamExecutorSettings.DEFAULT_NAME.equals(name)) {
      reserved(own);
      return;
    }
    StreamExecutorsProperties.NamedPool pool = executor.getPool();
    atLeast(own + "buffer-size", executor.getBufferSize(), 1);
    atLeast(own + "pool.queue-capacity", pool.getQueueCapacity(), 0);
    atLeast(own + "pool.core-size", pool.getCoreSize(), 0);
    atLeast(own + "pool.max-size", pool.getMaxSize(), 1);
    int coreSize = inherit(pool.getCoreSize(), properties.getPool().getCoreSize());
    int maxSize = inherit(pool.getMaxSize(), properties.getPool().getMaxSize());
    if (coreSize > maxSize) {
      if (pool.getCoreSize() != null) {
        atMostMaxSize(own, own + "pool.core-size", coreSize, maxSize);
      } else if (pool.getMaxSize() != null) {
        reject(
            own + "pool.max-size",
            maxSize,
            "must be at least " + PREFIX + own + "pool.core-size (" + coreSize + ")");
      }
    }
    notNegative(own + "pool.keep-alive", pool.getKeepAlive());
    notNegative(
        own + "shutdown.await-termination-period",
        executor.getShutdown().getAwaitTerminationPeriod());
  }

  /** The name "default": reported at the first key set under it, for its origin. */
  private void reserved(String own) {
    String key = own.substring(0, own.length() - 1);
    for (String candidate : UnknownStreamExecutorsKeyFailureAnalyzer.KEYS) {
      if (this.source.apply(PREFIX + own + candidate) != null) {
        key = own + candidate;
        break;
      }
    }
    reject(
        key,
        null,
        "the executor name 'default' is reserved for the default executor: configure it with the"
            + " top-level stream-executors.* keys, or choose another name");
  }

  private void atLeast(String key, Integer value, int minimum) {
    if (value != null && value < minimum) {
      reject(key, value, "must be at least " + minimum);
    }
  }

  private void atMostMaxSize(String own, String key, int coreSize, int maxSize) {
    reject(key, coreSize, "must be at most " + PREFIX + own + "pool.max-size (" + maxSize + ")");
  }

  private void notNegative(String key, Duration value) {
    if (value != null && value.isNegative()) {
      reject(key, value, "must not be negative");
    }
  }

  private void reject(String key, Object value, String reason) {
    ConfigurationProperty property = this.source.apply(PREFIX + key);
    Object written = (property != null) ? property.getValue() : value;
    Origin origin = (property != null) ? property.getOrigin() : null;
    if (this.errors instanceof BindingResult result) {
      result.addError(new KeyError(this.errors.getObjectName(), key, written, reason, origin));
    } else {
      this.errors.reject("invalid", PREFIX + key + " " + reason + ", was " + written);
    }
  }

  private static int inherit(Integer own, int inherited) {
    return (own != null) ? own : inherited;
  }

  /** An error at a property key, with the origin Boot's failure report prints. */
  private static final class KeyError extends FieldError implements OriginProvider {

    private static final long serialVersionUID = 1L;

    private final transient Origin origin;

    KeyError(String objectName, String key, Object value, String reason, Origin origin) {
      super(objectName, key, value, false, new String[] {"invalid"}, null, reason);
      this.origin = origin;
    }

    @Override
    public Origin getOrigin() {
      return this.origin;
    }
  }
}
