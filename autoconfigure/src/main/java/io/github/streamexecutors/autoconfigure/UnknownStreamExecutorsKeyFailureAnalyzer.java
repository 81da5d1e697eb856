package io.github.streamexecutors.autoconfigure;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;

/**
 * Explains a key under {@code stream-executors} that binds to nothing (a misspelling, such as
 * {@code bufer-size} or {@code pool.core-sise}), naming the nearest valid key. Ordered before
 * Spring Boot's own analyzer of unbound properties, which does not suggest one.
 */
final class UnknownStreamExecutorsKeyFailureAnalyzer
    extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

  /** Keys of the default executor, relative to {@code stream-executors.}. */
  static final List<String> KEYS =
      List.of(
          "enabled",
          "buffer-size",
          "thread-name-prefix",
          "pool.queue-capacity",
          "pool.core-size",
          "pool.max-size",
          "pool.allow-core-thread-timeout",
          "pool.keep-alive",
          "shutdown.await-termination",
          "shutdown.await-termination-period");

  private static final String PREFIX = StreamExecutorSettings.PREFIX + ".";

  private static final String EXECUTORS = PREFIX + "executors.";

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
    Set<ConfigurationProperty> unbound = cause.getUnboundProperties();
    if (unbound.isEmpty()
        || !unbound.stream().allMatch((property) -> key(property).startsWith(PREFIX))) {
      return null;
    }
    StringBuilder description = new StringBuilder("Unknown keys under 'stream-executors':\n");
    unbound.stream()
        .sorted(Comparator.comparing(UnknownStreamExecutorsKeyFailureAnalyzer::key))
        .forEach((property) -> describe(description, property));
    return new FailureAnalysis(
        description.toString(),
        "Correct the keys, or remove them. The default executor takes stream-executors."
            + String.join(", ", KEYS.subList(1, KEYS.size()))
            + " (and enabled); each stream-executors.executors.<name> takes the same keys but"
            + " enabled.",
        cause);
  }

  private static void describe(StringBuilder description, ConfigurationProperty property) {
    String key = key(property);
    description.append("\n    Property: ").append(key);
    description.append("\n    Value: \"").append(property.getValue()).append('"');
    Origin origin = property.getOrigin();
    if (origin != null) {
      description.append("\n    Origin: ").append(origin);
    }
    description.append("\n    Reason: no such key; did you mean '").append(nearest(key));
    description.append("'?\n");
  }

  /** The valid key nearest to {@code key}: same executor, smallest edit distance. */
  static String nearest(String key) {
    String base = PREFIX;
    Stream<String> relative = KEYS.stream();
    if (key.startsWith(EXECUTORS) && key.indexOf('.', EXECUTORS.length()) > 0) {
      base = key.substring(0, key.indexOf('.', EXECUTORS.length()) + 1);
      relative = KEYS.stream().skip(1);
    }
    String tail = key.substring(base.length());
    String prefix = base;
    return relative
        .min(Comparator.comparingInt((candidate) -> distance(tail, candidate)))
        .map((candidate) -> prefix + candidate)
        .orElseThrow();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String key(ConfigurationProperty property) {
    return property.getName().toString();
  }

  @Override
  public int getOrder() {
    return 0;
  }
}
