package io.github.streamexecutors.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.github.streamexecutors.StreamTaskExecutor;
import io.github.streamexecutors.sample.corpus.Corpus;
import io.github.streamexecutors.sample.wordcount.WordCount;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** {@code /wordcount} over real HTTP: right, in order, streamed, and stopped by a disconnect. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(PageServerProbe.Config.class)
class WordCountStreamingTest {

  @LocalServerPort int port;
  @Autowired PageServerProbe probe;

  @Autowired
  @Qualifier("download")
  StreamTaskExecutor download;

  @Autowired
  @Qualifier("count")
  StreamTaskExecutor count;

  @Autowired
  @Qualifier("upload")
  StreamTaskExecutor upload;

  WordCountClient client;

  @BeforeEach
  void setUp() {
    probe.reset();
    client = new WordCountClient(port);
  }

  @Test
  void countsTheKnownWordOnEveryPageInPageOrder() throws Exception {
    var response = client.get("/wordcount?word=Python&pages=60");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    List<WordCount> lines = response.body().lines().map(WordCountClient::parse).toList();
    assertThat(lines)
        .extracting(WordCount::page, WordCount::count)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 60).mapToObj(n -> tuple(n, Corpus.pythonCount(n))).toList());
    assertThat(lines).allSatisfy(line -> assertThat(line.word()).isEqualTo("Python"));
    assertThat(lines).extracting(WordCount::bytes).doesNotHaveDuplicates();
  }

  @Test
  void countsAWordTheCorpusNeverContainsAsZero() throws Exception {
    var response = client.get("/wordcount?word=kotlin&pages=5");

    assertThat(response.body().lines().map(WordCountClient::parse))
        .extracting(WordCount::count)
        .containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void firstLineArrivesWhileTheLastPageIsStillDownloading() throws Exception {
    probe.hold(20);
    List<String> lines = new ArrayList<>();
    try (var body = client.stream("/wordcount?word=python&pages=20")) {
      lines.add(body.next());

      assertThat(WordCountClient.parse(lines.get(0)).page()).isEqualTo(1);
      assertThat(probe.served(20)).as("page 20 is held, so it cannot be served yet").isFalse();

      probe.release();
      for (String line = body.next(); line != null; line = body.next()) {
        lines.add(line);
      }
    }
    assertThat(lines).hasSize(20);
    assertThat(probe.served(20)).isTrue();
  }

  @Test
  void disconnectingStopsTheDownloadStage() throws Exception {
    int pages = 10_000;
    probe.hold(50);
    try (Socket socket = new Socket("localhost", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /wordcount?word=python&pages=" + pages + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.startsWith("{\"page\":1,"));
      assertThat(line).as("the first result line").isNotNull();
    }
    probe.release();

    await("all three stages closed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> download.activeMaps() + count.activeMaps() + upload.activeMaps() == 0);
    // Tasks already running when the pipeline closed may still finish their request.
    AtomicInteger lastSeen = new AtomicInteger(-1);
    await("no more pages requested for a second")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              int now = probe.requested();
              return lastSeen.getAndSet(now) == now;
            });
    int requestedWhenClosed = probe.requested();
    // Page 50 was held until the client had gone, so the results taken were at most 49 and the
    // download stage, at most its buffer (32) ahead of them, pulled at most 81 pages; a few more
    // may follow until a write fails. Nowhere near all of them.
    assertThat(requestedWhenClosed).isBetween(1, 150);
  }
}
