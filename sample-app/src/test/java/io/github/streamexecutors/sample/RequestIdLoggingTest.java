package io.github.streamexecutors.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The request id that {@code /wordcount} puts in the MDC is on the log lines of its download tasks,
 * which run on the download executor's pool: two requests at once each see their own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class RequestIdLoggingTest {

  @LocalServerPort int port;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void downloadTasksLogTheRequestIdOfTheirOwnRequest(CapturedOutput output) {
    CompletableFuture<HttpResponse<String>> first = wordCount("req-first", 40);
    CompletableFuture<HttpResponse<String>> second = wordCount("req-second", 40);

    assertThat(first.join().headers().firstValue("X-Request-Id")).hasValue("req-first");
    assertThat(second.join().headers().firstValue("X-Request-Id")).hasValue("req-second");
    assertThat(first.join().body().lines()).hasSize(40);
    assertThat(second.join().body().lines()).hasSize(40);
    List<String> downloads =
        output.getOut().lines().filter((line) -> line.contains("downloaded page")).toList();
    assertThat(downloads).hasSize(80);
    assertThat(downloads).allSatisfy((line) -> assertThat(line).contains("download-"));
    assertThat(downloads.stream().filter((line) -> line.contains("[req-first]"))).hasSize(40);
    assertThat(downloads.stream().filter((line) -> line.contains("[req-second]"))).hasSize(40);
  }

  private CompletableFuture<HttpResponse<String>> wordCount(String requestId, int pages) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/wordcount?word=python&pages=" + pages))
            .header("X-Request-Id", requestId)
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
