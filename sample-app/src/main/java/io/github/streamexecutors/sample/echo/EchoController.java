package io.github.streamexecutors.sample.echo;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers a POST with its own body: the pipeline's upload target. It takes {@code
 * sample.echo.delay} to answer, like a remote service would.
 */
@RestController
class EchoController {

  private final Duration delay;

  EchoController(@Value("${sample.echo.delay:20ms}") Duration delay) {
    this.delay = delay;
  }

  @PostMapping("/echo")
  ResponseEntity<byte[]> echo(
      @RequestBody byte[] body,
      @RequestHeader(name = "Content-Type", defaultValue = MediaType.APPLICATION_OCTET_STREAM_VALUE)
          MediaType contentType)
      throws InterruptedException {
    Thread.sleep(delay.toMillis());
    return ResponseEntity.ok().contentType(contentType).body(body);
  }
}
