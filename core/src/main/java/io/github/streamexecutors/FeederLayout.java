package io.github.streamexecutors;

/*
 * The field layout of Feeder. The fields written for every input sit on cache lines of their own:
 * the feeder's (pulled, tail, returnedSeen), the consumer's (returned) and the workers' pace
 * estimate (taskNanosPerInput); so do the wait registrations (feederWakeAt, parkedConsumer,
 * awaited), written at every wait. Otherwise each write would invalidate the line holding the
 * other side's counter and the read-mostly fields that the feeder and every worker read for every
 * input (fn, stopped, feedingStop), which Feeder declares itself and so come last. HotSpot lays
 * out a superclass's fields before its subclass's, so the padding classes keep the groups 128
 * bytes apart (a cache line and its prefetched neighbour), as JCTools and Caffeine do.
 */

abstract class FeederPadding0 {
  long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** Written by the feeder thread for every input. */
abstract class FeederProducerFields<T, R> extends FeederPadding0 {
  volatile long pulled;
  PendingResult<T, R> tail;
  long returnedSeen;
}

abstract class FeederPadding1<T, R> extends FeederProducerFields<T, R> {
  long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** Written by the consumer for every result. */
abstract class FeederConsumerFields<T, R> extends FeederPadding1<T, R> {
  volatile long returned;
}

abstract class FeederPadding2<T, R> extends FeederConsumerFields<T, R> {
  long r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;
}

/** Written by workers, with adaptive chunking only: a running average of one input's task time. */
abstract class FeederPaceFields<T, R> extends FeederPadding2<T, R> {
  volatile long taskNanosPerInput = -1;
}

abstract class FeederPadding3<T, R> extends FeederPaceFields<T, R> {
  long s00, s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, s12, s13, s14, s15;
}

/**
 * Written when a side registers to wait and by the thread that takes the registration: which {@code
 * returned} ends the feeder's wait, and which consumer waits for which node (null: for the next
 * node to be appended).
 */
abstract class FeederWaitFields<T, R> extends FeederPadding3<T, R> {
  static final long NOT_WAITING = Long.MAX_VALUE;

  volatile long feederWakeAt = NOT_WAITING;
  volatile Thread parkedConsumer;
  volatile PendingResult<T, R> awaited;
}

abstract class FeederPadding4<T, R> extends FeederWaitFields<T, R> {
  long t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, t12, t13, t14, t15;
}
