package io.github.streamexecutors.sample.corpus;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How slowly the corpus is served ({@code sample.corpus.*}).
 *
 * @param delay how long every page takes to respond
 * @param slowDelay how long every tenth page takes to respond instead
 */
@ConfigurationProperties("sample.corpus")
public record CorpusProperties(
    @DefaultValue("5ms") Duration delay, @DefaultValue("300ms") Duration slowDelay) {}
