package io.github.streamexecutors.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.streamexecutors.sample.corpus.Corpus;
import io.github.streamexecutors.sample.wordcount.WordCount;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bounded load test of the packaged application, over loopback only, run by the profile {@code
 * load-test} (not part of {@code verify}):
 *
 * <pre>{@code ./mvnw -B -pl sample-app -am -Pload-test -DskipTests verify}</pre>
 *
 * <p>It starts the repackaged jar in a JVM of its own on 127.0.0.1 (fast corpus and echo delays,
 * and as many MVC async threads as clients, so that every request's pipeline is open at once),
 * warms it up with one round of short requests, then sends {@value #CLIENTS} concurrent {@code
 * /wordcount?pages=50} requests on raw sockets; every second client disconnects after {@value
 * #EARLY_LINES} lines. It checks that every completed response has its 50 lines in page order with
 * the right counts, that every pipeline closes (the Actuator endpoint lists no open map), that the
 * application logged no warning or error, and that its threads and heap (after a GC) are back near
 * where they were before the round. It reports requests per second, time to first line (p50, p99)
 * and the peak thread count, in {@code sample-app/target/load-test/report.txt}.
 */
class WordCountLoadIT {

  private static final int CLIENTS = Integer.getInteger("load-test.clients", 200);
  private static final int PAGES = 50;
  private static final int EARLY_LINES = 5;
  private static final int WARM_UP_PAGES = 5;
  private static final Duration ROUND_DEADLINE = Duration.ofSeconds(110);
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);
  private static final int THREAD_SLACK = 16;
  private static final long HEAP_SLACK_BYTES = 32L << 20;
  private static final String APP_ARGS =
      System.getProperty(
          "load-test.app-args",
          "--sample.corpus.delay=0ms --sample.corpus.slow-delay=20ms --sample.echo.delay=0ms");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Process app;
  private int port;

  @Test
  @Timeout(value = 170, unit = TimeUnit.SECONDS)
  void manyConcurrentStreamsAllCompleteOrStopAndLeaveNothingBehind() throws Exception {
    Path dir = Path.of("target", "load-test");
    Files.createDirectories(dir);
    Path log = dir.resolve("app.log");
    long started = System.nanoTime();
    startApplication(log);
    try {
      int threadsAtStart = Sampler.threads(app.pid());
      round(WARM_UP_PAGES, false);
      awaitNoOpenMaps();
      Figures before = figures();

      Sampler sampler = new Sampler(app.pid());
      sampler.start();
      long t0 = System.nanoTime();
      List<Result> results = round(PAGES, true);
      double roundSeconds = (System.nanoTime() - t0) / 1e9;
      long closeMillis = awaitNoOpenMaps();
      sampler.interrupt();
      sampler.join();
      Figures after = figures();

      List<String> logged = warningsAndErrors(log);
      List<Long> firstLine =
          results.stream()
              .filter(r -> r.firstLineNanos > 0)
              .map(r -> r.firstLineNanos)
              .sorted()
              .toList();
      long completed = results.stream().filter(r -> !r.early && r.error == null).count();
      StringBuilder report = new StringBuilder();
      report.append(
          String.format(
              "load test: %d concurrent /wordcount?pages=%d, every second one disconnecting after"
                  + " %d lines; app args: %s%n",
              CLIENTS, PAGES, EARLY_LINES, APP_ARGS));
      report.append(String.format("java: %s, cores: %d%n", Runtime.version(), cores()));
      report.append(
          String.format(
              "round: %.2f s, %.1f requests/s (%d completed in full, %.1f/s)%n",
              roundSeconds, CLIENTS / roundSeconds, completed, completed / roundSeconds));
      report.append(
          String.format(
              "time to first line: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d responses)%n",
              percentile(firstLine, 50) / 1e6,
              percentile(firstLine, 99) / 1e6,
              percentile(firstLine, 100) / 1e6,
              firstLine.size()));
      report.append(
          String.format(
              "threads: %d at start-up, %d before the round (after the warm-up), peak %d during,"
                  + " %d after%n",
              threadsAtStart, before.threads, sampler.peak, after.threads));
      report.append(
          String.format(
              "stream-executors threads: %d before the round, peak %d during, %d after%n",
              before.streamExecutorThreads,
              sampler.peakStreamExecutors,
              after.streamExecutorThreads));
      report.append(String.format("thread names at the peak: %s%n", sampler.namesAtPeak));
      report.append(
          String.format(
              "heap after GC: %.1f MB before, %.1f MB after%n",
              before.heapBytes / 1e6, after.heapBytes / 1e6));
      report.append(
          String.format(
              "open maps gone %d ms after the last client; warnings or errors logged: %d%n",
              closeMillis, logged.size()));
      report.append(String.format("total time: %.1f s%n", (System.nanoTime() - started) / 1e9));
      System.out.print(report);
      Files.writeString(dir.resolve("report.txt"), report);

      SoftAssertions softly = new SoftAssertions();
      for (Result result : results) {
        softly.assertThat(result.error).as("client %d failed", result.client).isNull();
        List<Integer> expected =
            Stream.iterate(1, n -> n + 1).limit(result.early ? EARLY_LINES : PAGES).toList();
        softly.assertThat(result.pages).as("pages of client %d", result.client).isEqualTo(expected);
        softly
            .assertThat(result.wrongCounts)
            .as("lines of client %d with a wrong count", result.client)
            .isZero();
      }
      softly.assertThat(logged).as("warnings and errors in %s", log).isEmpty();
      softly
          .assertThat(after.threads)
          .as("threads after")
          .isLessThanOrEqualTo(before.threads + THREAD_SLACK);
      softly
          .assertThat(after.heapBytes)
          .as("heap after GC")
          .isLessThanOrEqualTo(before.heapBytes + HEAP_SLACK_BYTES);
      softly.assertAll();
    } finally {
      stopApplication();
    }
  }

  private void startApplication(Path log) throws Exception {
    String jar = System.getProperty("load-test.jar");
    assertThat(jar).as("system property load-test.jar (set by the load-test profile)").isNotNull();
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xms1g", "-Xmx1g", "-jar", jar));
    command.add("--server.address=127.0.0.1");
    command.add("--server.port=" + port);
    // StreamingResponseBody runs on the MVC async executor: one thread per open response.
    command.add("--spring.task.execution.pool.core-size=" + CLIENTS);
    command.addAll(Arrays.asList(APP_ARGS.trim().split("\\s+")));
    app =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      assertThat(app.isAlive()).as("the application is running (see %s)", log).isTrue();
      try {
        if (get("/actuator/health").contains("\"UP\"")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertThat(System.nanoTime()).as("application up within 60 s").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private void stopApplication() throws InterruptedException {
    if (app == null) {
      return;
    }
    app.destroy();
    if (!app.waitFor(20, TimeUnit.SECONDS)) {
      app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** {@link #CLIENTS} requests at once; every second disconnects early if {@code early}. */
  private List<Result> round(int pages, boolean early) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Result> results = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Result result = new Result(c, early && c % 2 == 1);
      results.add(result);
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  request(result, pages);
                } catch (Exception e) {
                  result.error = String.valueOf(e);
                }
              },
              "load-client-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    long deadline = System.nanoTime() + ROUND_DEADLINE.toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      assertThat(thread.isAlive()).as("client done within %s", ROUND_DEADLINE).isFalse();
    }
    return results;
  }

  /** One raw HTTP/1.1 request; reads the chunked NDJSON body line by line. */
  private void request(Result result, int pages) throws IOException {
    long t0 = System.nanoTime();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /wordcount?word=python&pages="
                  + pages
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String status = readLine(in);
      if (status == null || !status.startsWith("HTTP/1.1 200")) {
        result.error = "status " + status;
        return;
      }
      boolean chunked = false;
      for (String header = readLine(in); header != null && !header.isEmpty(); ) {
        chunked |= header.toLowerCase().startsWith("transfer-encoding: chunked");
        header = readLine(in);
      }
      if (!chunked) {
        result.error = "not a chunked response";
        return;
      }
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        if (size == null) {
          result.error = "connection ended before the last chunk";
          return;
        }
        int length = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (length == 0) {
          return;
        }
        for (int i = 0; i < length; i++) {
          int b = in.read();
          if (b < 0) {
            result.error = "connection ended inside a chunk";
            return;
          }
          if (b != '\n') {
            line.write(b);
            continue;
          }
          if (result.firstLineNanos == 0) {
            result.firstLineNanos = System.nanoTime() - t0;
          }
          WordCount count = WordCountClient.parse(line.toString(StandardCharsets.UTF_8));
          line.reset();
          result.pages.add(count.page());
          if (count.count() != Corpus.pythonCount(count.page())) {
            result.wrongCounts++;
          }
          if (result.early && result.pages.size() == EARLY_LINES) {
            return;
          }
        }
        readLine(in);
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
  }

  /** Waits until no executor lists an open map; returns how long that took. */
  private long awaitNoOpenMaps() throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + CLOSE_DEADLINE.toNanos();
    while (openMaps() > 0) {
      assertThat(System.nanoTime())
          .as("every pipeline closed within %s", CLOSE_DEADLINE)
          .isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private int openMaps() throws Exception {
    JsonNode executors = JSON.readTree(get("/actuator/streamexecutors")).get("executors");
    int open = 0;
    for (JsonNode executor : executors.values()) {
      open += executor.get("openMaps").size();
    }
    return open;
  }

  /** Threads and heap used after a full GC, of the application's JVM. */
  private Figures figures() throws Exception {
    Process gc =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(app.pid()),
                "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(gc.waitFor(30, TimeUnit.SECONDS)).as("jcmd GC.run done").isTrue();
    JsonNode heap = JSON.readTree(get("/actuator/metrics/jvm.memory.used?tag=area:heap"));
    long heapBytes = heap.get("measurements").get(0).get("value").asLong();
    return new Figures(
        Sampler.threads(app.pid()),
        Sampler.names(app.pid()).getOrDefault("stream-executor", 0),
        heapBytes);
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Lines of the application's log at level WARN or ERROR (Spring Boot's console format). */
  private static List<String> warningsAndErrors(Path log) throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> line.matches("^\\S+\\s+(WARN|ERROR)\\s.*")).toList();
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private record Figures(int threads, int streamExecutorThreads, long heapBytes) {}

  /** What one client saw. */
  private static final class Result {
    final int client;
    final boolean early;
    final List<Integer> pages = new ArrayList<>();
    volatile String error;
    long firstLineNanos;
    int wrongCounts;

    Result(int client, boolean early) {
      this.client = client;
      this.early = early;
    }
  }

  /**
   * Samples the application's thread count from {@code /proc} every 20 ms, and every 100 ms the
   * native thread names (Java's, cut to 15 characters), grouped without their numbers.
   */
  private static final class Sampler extends Thread {
    private final long pid;
    volatile int peak;
    volatile int peakStreamExecutors;
    volatile Map<String, Integer> namesAtPeak = Map.of();

    Sampler(long pid) {
      super("load-test-sampler");
      this.pid = pid;
      setDaemon(true);
    }

    @Override
    public void run() {
      int names = 0;
      while (!isInterrupted()) {
        int threads = threads(pid);
        boolean newPeak = threads > peak;
        peak = Math.max(peak, threads);
        if (newPeak || names++ % 5 == 0) {
          Map<String, Integer> byName = names(pid);
          peakStreamExecutors =
              Math.max(peakStreamExecutors, byName.getOrDefault("stream-executor", 0));
          if (newPeak) {
            namesAtPeak = byName;
          }
        }
        try {
          TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    static int threads(long pid) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
          if (line.startsWith("Threads:")) {
            return Integer.parseInt(line.substring("Threads:".length()).trim());
          }
        }
      } catch (IOException e) {
        return -1;
      }
      return -1;
    }

    static Map<String, Integer> names(long pid) {
      Map<String, Integer> byName = new TreeMap<>();
      try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
        for (Path task : tasks.toList()) {
          try {
            String name = Files.readString(task.resolve("comm")).trim();
            byName.merge(name.replaceAll("[-#]?\\d+$", ""), 1, Integer::sum);
          } catch (IOException ended) {
            // the thread ended while we listed them
          }
        }
      } catch (IOException e) {
        return byName;
      }
      return byName;
    }
  }
}
