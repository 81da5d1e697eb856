package io.github.streamexecutors.sample.wordcount;

import io.github.streamexecutors.StreamTaskExecutor;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * The word count as a three-stage pipeline: download each page, count the word on it, upload the
 * count. Each stage is a map on its own named executor, so each has its own pool and buffer size
 * ({@code stream-executors.executors.download|count|upload.*}).
 */
@Service
public class WordCountPipeline {

  private final StreamTaskExecutor download;
  private final StreamTaskExecutor count;
  private final StreamTaskExecutor upload;
  private final SelfClient client;

  WordCountPipeline(
      @Qualifier("download") StreamTaskExecutor download,
      @Qualifier("count") StreamTaskExecutor count,
      @Qualifier("upload") StreamTaskExecutor upload,
      SelfClient client) {
    this.download = download;
    this.count = count;
    this.upload = upload;
    this.client = client;
  }

  /**
   * Counts {@code word} on pages 1 to {@code pages}. Returns at once; the uploaded counts come
   * lazily, in page order. Closing the stream closes all three stages: no more pages are pulled.
   */
  public Stream<WordCount> run(String word, int pages) {
    Stream<Page> downloaded =
        download.map(client::download, IntStream.rangeClosed(1, pages).boxed());
    try {
      Stream<WordCount> counted = count.map((Page page) -> page.count(word), downloaded);
      return upload.map(client::upload, counted);
    } catch (RuntimeException e) {
      downloaded.close();
      throw e;
    }
  }
}
