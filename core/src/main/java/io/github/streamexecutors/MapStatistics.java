package io.github.streamexecutors;

import java.time.Duration;

/**
 * A snapshot of one open map, as {@link StreamTaskExecutor#openMaps()} reads it.
 *
 * @param id the map's number within its executor, from 1, as in the name of its feeder's thread
 *     while it runs
 * @param bufferSize the map's buffer size ({@link StreamTaskExecutor#UNBOUNDED} for no limit)
 * @param queueDepth inputs pulled from the source whose results the consumer has not taken yet
 * @param inFlight tasks submitted to the pool and not finished
 * @param age time since the map was started
 */
public record MapStatistics(
    long id, int bufferSize, long queueDepth, long inFlight, Duration age) {}
