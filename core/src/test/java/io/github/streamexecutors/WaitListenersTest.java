package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The listeners of one executor, combined: each is told, none can break a map or another. */
class WaitListenersTest {

  private final WaitListeners listeners = new WaitListeners();

  /** Records what it is told, as "name:side:nanos". */
  private static WaitListener recording(String name, List<String> log) {
    return new WaitListener() {
      @Override
      public void consumerWaited(long nanos) {
        log.add(name + ":consumer:" + nanos);
      }

      @Override
      public void feederWaited(long nanos) {
        log.add(name + ":feeder:" + nanos);
      }
    };
  }

  private static WaitListener throwing(List<String> log) {
    return new WaitListener() {
      @Override
      public void consumerWaited(long nanos) {
        log.add("throwing:consumer:" + nanos);
        throw new IllegalStateException("consumer listener");
      }

      @Override
      public void feederWaited(long nanos) {
        log.add("throwing:feeder:" + nanos);
        throw new IllegalStateException("feeder listener");
      }
    };
  }

  @Test
  void withoutListenersThereIsNothingToReportTo() {
    assertThat(listeners.combined()).isNull();
  }

  @Test
  void oneListenerIsReportedToDirectly() {
    WaitListener only = recording("a", new CopyOnWriteArrayList<>());
    listeners.add(only);

    assertThat(listeners.combined()).isSameAs(only);
  }

  @Test
  void twoListenersAreBothToldEachWaitInTheOrderAdded() {
    List<String> log = new CopyOnWriteArrayList<>();
    listeners.add(recording("a", log));
    listeners.add(recording("b", log));

    WaitListeners.report(listeners.combined(), true, 5);
    WaitListeners.report(listeners.combined(), false, 7);

    assertThat(log).containsExactly("a:consumer:5", "b:consumer:5", "a:feeder:7", "b:feeder:7");
  }

  @Test
  void threeListenersAreAllTold() {
    List<String> log = new CopyOnWriteArrayList<>();
    listeners.add(recording("a", log));
    listeners.add(recording("b", log));
    listeners.add(recording("c", log));

    listeners.combined().feederWaited(3);

    assertThat(log).containsExactly("a:feeder:3", "b:feeder:3", "c:feeder:3");
  }

  @Test
  void aThrowingListenerBreaksNeitherTheReportNorTheListenersAfterIt() {
    List<String> log = new CopyOnWriteArrayList<>();
    listeners.add(throwing(log));
    listeners.add(recording("b", log));

    listeners.combined().consumerWaited(1);
    listeners.combined().feederWaited(2);

    assertThat(log)
        .containsExactly("throwing:consumer:1", "b:consumer:1", "throwing:feeder:2", "b:feeder:2");
  }

  @Test
  void aSingleThrowingListenerIsContainedByTheReport() {
    List<String> log = new CopyOnWriteArrayList<>();
    listeners.add(throwing(log));

    WaitListeners.report(listeners.combined(), true, 1);
    WaitListeners.report(listeners.combined(), false, 2);

    assertThat(log).containsExactly("throwing:consumer:1", "throwing:feeder:2");
  }
}
