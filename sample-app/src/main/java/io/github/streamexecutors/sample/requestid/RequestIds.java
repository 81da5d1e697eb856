package io.github.streamexecutors.sample.requestid;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id in the logging MDC ({@value #MDC_KEY}), carried to the tasks of every map started
 * while it is set. {@code spring.task.execution.propagate-context=true} makes Spring Boot define a
 * {@code ContextPropagatingTaskDecorator}; the starter runs it once per map on the thread that
 * calls {@code map}; the accessor registered here tells it to capture this MDC key.
 */
public final class RequestIds {

  /** The MDC key, shown by {@code logging.pattern.level} in application.yml. */
  public static final String MDC_KEY = "requestId";

  /** The header a client may send its own id in; the answer carries the id used. */
  public static final String HEADER = "X-Request-Id";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  // Registered when the class loads: of() runs before the pipeline starts.
  static {
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(MDC_KEY));
  }

  private RequestIds() {}

  /** The client's id if it sent a plain one, otherwise a new one. */
  public static String of(String header) {
    if (header != null && VALID.matcher(header).matches()) {
      return header;
    }
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
