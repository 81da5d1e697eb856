package io.github.streamexecutors.sample.corpus;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Serves the {@link Corpus}: the pages the word-count pipeline downloads. */
@RestController
class PageController {

  private final Corpus corpus;
  private final CorpusProperties properties;

  PageController(Corpus corpus, CorpusProperties properties) {
    this.corpus = corpus;
    this.properties = properties;
  }

  @GetMapping(path = "/pages/{n}", produces = MediaType.TEXT_PLAIN_VALUE)
  String page(@PathVariable int n) throws InterruptedException {
    if (n < 1) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "page numbers start at 1, was " + n);
    }
    Duration delay = Corpus.isSlow(n) ? properties.slowDelay() : properties.delay();
    Thread.sleep(delay.toMillis());
    return corpus.page(n);
  }
}
