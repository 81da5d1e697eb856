package io.github.streamexecutors.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The three executors on Actuator: health, Prometheus, metrics and the starter's endpoint. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(PageServerProbe.Config.class)
class ActuatorTest {

  private static final List<String> EXECUTORS = List.of("download", "count", "upload");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired PageServerProbe probe;

  WordCountClient client;

  @BeforeEach
  void setUp() {
    probe.reset();
    client = new WordCountClient(port);
  }

  @AfterEach
  void releaseHeldPage() {
    probe.release();
  }

  @Test
  void healthIsUp() throws Exception {
    assertThat(client.get("/actuator/health").body()).contains("\"status\":\"UP\"");
  }

  @Test
  void prometheusHasQueueDepthAndInFlightOfTheThreeExecutors() throws Exception {
    var response = client.get("/actuator/prometheus");

    assertThat(response.statusCode()).isEqualTo(200);
    for (String executor : EXECUTORS) {
      assertThat(response.body())
          .containsPattern("(?m)^stream_executor_queue_depth\\w*\\{name=\"" + executor + "\"")
          .containsPattern("(?m)^stream_executor_in_flight\\w*\\{name=\"" + executor + "\"");
    }
  }

  @Test
  void streamExecutorsEndpointListsTheThreeExecutorsWithTheirConfiguration() throws Exception {
    JsonNode executors = json("/actuator/streamexecutors").path("executors");

    assertThat(executors.path("download").path("bufferSize").asInt()).isEqualTo(32);
    assertThat(executors.path("download").path("pool").path("coreSize").asInt()).isEqualTo(8);
    assertThat(executors.path("count").path("bufferSize").asInt()).isEqualTo(8);
    assertThat(executors.path("count").path("pool").path("maxSize").asInt()).isEqualTo(2);
    assertThat(executors.path("upload").path("bufferSize").asInt()).isEqualTo(8);
    assertThat(executors.path("upload").path("pool").path("maxSize").asInt()).isEqualTo(2);
  }

  @Test
  void aStalledRunShowsTheDownloadBufferFullOnMetricsAndTheEndpoint() throws Exception {
    probe.hold(40);
    try (var body = client.stream("/wordcount?word=python&pages=100")) {
      assertThat(body.next()).startsWith("{\"page\":1,");

      // Page 40 stalls the pipeline: the download stage runs exactly its buffer (32) ahead.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> metric("stream.executor.queue.depth", "download") == 32.0);
      assertThat(metric("stream.executor.in.flight", "download")).isPositive();
      JsonNode download = json("/actuator/streamexecutors").path("executors").path("download");
      assertThat(download.path("openMaps")).hasSize(1);
      assertThat(download.path("openMaps").get(0).path("bufferSize").asInt()).isEqualTo(32);

      probe.release();
      int lines = 1;
      while (body.next() != null) {
        lines++;
      }
      assertThat(lines).isEqualTo(100);
    }
  }

  private double metric(String name, String executor) throws Exception {
    JsonNode meter = json("/actuator/metrics/" + name + "?tag=name:" + executor);
    return meter.path("measurements").get(0).path("value").asDouble();
  }

  private JsonNode json(String path) throws Exception {
    var response = client.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
