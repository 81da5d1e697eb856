package io.github.streamexecutors;

import java.util.Arrays;

/**
 * The wait listeners of one executor, as one listener: null while there is none (so a map checks
 * one field), the listener itself while there is one, a composite beyond. A listener that throws
 * breaks no map and no other listener.
 */
final class WaitListeners {

  private static final WaitListener[] NONE = {};

  private WaitListener[] all = NONE;
  private volatile WaitListener combined;

  /** The listener to report to, or null. */
  WaitListener combined() {
    return combined;
  }

  synchronized void add(WaitListener listener) {
    WaitListener[] grown = Arrays.copyOf(all, all.length + 1);
    grown[grown.length - 1] = listener;
    all = grown;
    combined = grown.length == 1 ? listener : composite(grown);
  }

  private static WaitListener composite(WaitListener[] listeners) {
    return new WaitListener() {
      @Override
      public void consumerWaited(long nanos) {
        for (WaitListener each : listeners) {
          report(each, true, nanos);
        }
      }

      @Override
      public void feederWaited(long nanos) {
        for (WaitListener each : listeners) {
          report(each, false, nanos);
        }
      }
    };
  }

  static void report(WaitListener listener, boolean consumer, long nanos) {
    try {
      if (consumer) {
        listener.consumerWaited(nanos);
      } else {
        listener.feederWaited(nanos);
      }
    } catch (RuntimeException ignored) {
      // A listener must not break a map; its contract says it must not throw.
    }
  }
}
