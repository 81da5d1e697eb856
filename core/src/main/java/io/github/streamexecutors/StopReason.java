package io.github.streamexecutors;

/** Why a map stopped: recorded once, by the stop that won. */
enum StopReason {
  /** The stream was closed, from any thread. */
  CLOSED,
  /** The consumer reached the end of the results. */
  ENDED,
  /** The consumer took a failure: of the function, of the source, or a refusal. */
  FAILED,
  /** The stream became unreachable before it was closed: the Cleaner stopped the map. */
  ABANDONED
}
