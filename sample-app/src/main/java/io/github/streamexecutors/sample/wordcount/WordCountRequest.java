package io.github.streamexecutors.sample.wordcount;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A checked {@code /wordcount} request: a single word and a number of pages. */
record WordCountRequest(String word, int pages) {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]{1,64}");

  /**
   * Checks the raw query parameters.
   *
   * @throws ResponseStatusException 400, saying what was wrong and what is allowed
   */
  static WordCountRequest of(String word, String pages, int maxPages) {
    if (word == null || word.isBlank()) {
      throw badRequest("word is required, for example /wordcount?word=python&pages=200");
    }
    if (!WORD.matcher(word).matches()) {
      throw badRequest("word must be one word of 1 to 64 letters or digits, was '" + word + "'");
    }
    if (pages == null || pages.isBlank()) {
      throw badRequest("pages is required: a whole number from 1 to " + maxPages);
    }
    int count;
    try {
      count = Integer.parseInt(pages.strip());
    } catch (NumberFormatException e) {
      throw badRequest(
          "pages must be a whole number from 1 to " + maxPages + ", was '" + pages + "'");
    }
    if (count < 1 || count > maxPages) {
      throw badRequest("pages must be from 1 to " + maxPages + ", was " + count);
    }
    return new WordCountRequest(word, count);
  }

  private static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }
}
