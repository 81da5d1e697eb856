package io.github.streamexecutors.sample;

import io.github.streamexecutors.sample.wordcount.WordCount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the tests: real requests to the running application. */
final class WordCountClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final int port;

  WordCountClient(int port) {
    this.port = port;
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
  }

  /** Starts a request and returns as soon as the headers are in: read the body line by line. */
  Lines stream(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofInputStream());
    return new Lines(
        response,
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));
  }

  static WordCount parse(String line) {
    return JSON.readValue(line, WordCount.class);
  }

  private HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  record Lines(HttpResponse<InputStream> response, BufferedReader reader) implements AutoCloseable {
    String next() throws IOException {
      return reader.readLine();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
