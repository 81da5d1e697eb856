package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metadata an IDE completes {@code stream-executors.*} from: every key documented. */
class ConfigurationMetadataTests {

  @Test
  void everyKeyHasADescriptionAndEveryKeyWithADefaultShowsIt() throws Exception {
    JsonNode metadata = metadata();
    List<String> keys = new ArrayList<>();
    for (JsonNode property : metadata.get("properties")) {
      String name = property.get("name").asString();
      if (!name.startsWith("stream-executors.")) {
        continue;
      }
      keys.add(name);
      assertThat(property.path("description").asString()).as(name).isNotBlank();
      if (!name.equals("stream-executors.executors")
          && !name.equals("stream-executors.shutdown.await-termination-period")) {
        assertThat(property.has("defaultValue")).as(name + " has a default").isTrue();
      }
    }
    assertThat(keys)
        .containsAll(
            UnknownStreamExecutorsKeyFailureAnalyzer.KEYS.stream()
                .map((key) -> "stream-executors." + key)
                .toList());
    assertThat(property(metadata, "stream-executors.pool.max-size").get("defaultValue").asInt())
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void namedExecutorsHaveAHintForTheirNames() throws Exception {
    JsonNode hint = null;
    for (JsonNode each : metadata().get("hints")) {
      if (each.get("name").asString().equals("stream-executors.executors.keys")) {
        hint = each;
      }
    }
    assertThat(hint).isNotNull();
    assertThat(hint.get("values").get(0).get("description").asString())
        .contains("@Qualifier(\"io\")", "inherited");
  }

  private static JsonNode property(JsonNode metadata, String name) {
    for (JsonNode property : metadata.get("properties")) {
      if (property.get("name").asString().equals(name)) {
        return property;
      }
    }
    throw new AssertionError("no metadata for " + name);
  }

  private static JsonNode metadata() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTests.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      return JsonMapper.builder().build().readTree(in);
    }
  }
}
