package io.github.streamexecutors.sample.wordcount;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Calls this application's own {@code /pages} and {@code /echo} over real HTTP, on whatever port
 * the web server got, so the pipeline does real network I/O without leaving the machine.
 */
@Component
class SelfClient implements ApplicationListener<WebServerInitializedEvent> {

  private static final Logger log = LoggerFactory.getLogger(SelfClient.class);

  private final RestClient.Builder builder;
  private volatile RestClient client;

  SelfClient(RestClient.Builder builder) {
    this.builder = builder;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() == null) {
      client = builder.baseUrl("http://localhost:" + event.getWebServer().getPort()).build();
    }
  }

  /** Downloads page {@code n}; logs it at debug level, with the request id of the MDC. */
  Page download(int n) {
    Page page = new Page(n, client().get().uri("/pages/{n}", n).retrieve().body(String.class));
    log.debug("downloaded page {}", n);
    return page;
  }

  /** Uploads a count to {@code /echo} and returns what came back. */
  WordCount upload(WordCount count) {
    return client()
        .post()
        .uri("/echo")
        .contentType(MediaType.APPLICATION_JSON)
        .body(count)
        .retrieve()
        .body(WordCount.class);
  }

  private RestClient client() {
    RestClient current = client;
    if (current == null) {
      throw new IllegalStateException("the web server has not started yet");
    }
    return current;
  }
}
