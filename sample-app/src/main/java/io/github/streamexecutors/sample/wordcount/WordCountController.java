package io.github.streamexecutors.sample.wordcount;

import io.github.streamexecutors.sample.requestid.RequestIds;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /wordcount?word=python&pages=200}: runs the {@link WordCountPipeline} and streams its
 * results as NDJSON, one line per page, each written and flushed as soon as it is ready. When the
 * client goes away, the next write fails and the pipeline is closed.
 *
 * <p>The request id ({@code X-Request-Id}, or a new one) is put in the MDC on the thread that
 * starts the pipeline, so the log lines of its download tasks carry it too.
 */
@RestController
class WordCountController {

  private static final Logger log = LoggerFactory.getLogger(WordCountController.class);

  private final WordCountPipeline pipeline;
  private final WordCountProperties properties;
  private final JsonMapper json;

  WordCountController(WordCountPipeline pipeline, WordCountProperties properties, JsonMapper json) {
    this.pipeline = pipeline;
    this.properties = properties;
    this.json = json;
  }

  @GetMapping("/wordcount")
  ResponseEntity<StreamingResponseBody> wordCount(
      @RequestParam(required = false) String word,
      @RequestParam(required = false) String pages,
      @RequestHeader(name = RequestIds.HEADER, required = false) String requestIdHeader,
      HttpServletResponse response) {
    WordCountRequest request = WordCountRequest.of(word, pages, properties.maxPages());
    String requestId = RequestIds.of(requestIdHeader);
    return ResponseEntity.ok()
        .header(RequestIds.HEADER, requestId)
        .contentType(MediaType.APPLICATION_NDJSON)
        .body(out -> writeResults(request, requestId, new Lines(out, response)));
  }

  private void writeResults(WordCountRequest request, String requestId, Lines out)
      throws IOException {
    MDC.put(RequestIds.MDC_KEY, requestId);
    try (Stream<WordCount> results = pipeline.run(request.word(), request.pages())) {
      log.info("counting '{}' on {} pages", request.word(), request.pages());
      Iterator<WordCount> lines = results.iterator();
      int written = 0;
      while (hasNext(lines, out)) {
        out.write(lines.next());
        written++;
      }
      log.info("counted '{}' on {} pages", request.word(), written);
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  /** Ends the answer with an error line when a stage fails; the HTTP status is already sent. */
  private boolean hasNext(Iterator<WordCount> lines, Lines out) throws IOException {
    try {
      return lines.hasNext();
    } catch (RuntimeException e) {
      log.warn("word count failed", e);
      out.write(Map.of("error", String.valueOf(e)));
      return false;
    }
  }

  /**
   * Writes one JSON value per line and sends it at once. Spring Framework 7 makes {@code flush()}
   * on the body stream a no-op, so the servlet response is flushed instead.
   */
  private final class Lines {
    private final OutputStream out;
    private final HttpServletResponse response;

    Lines(OutputStream out, HttpServletResponse response) {
      this.out = out;
      this.response = response;
    }

    void write(Object value) throws IOException {
      out.write(json.writeValueAsBytes(value));
      out.write('\n');
      response.flushBuffer();
    }
  }
}
