package io.github.streamexecutors.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Argument handling shared by the custom measurement mains. */
final class Cli {

  private Cli() {}

  /**
   * The alternatives named from {@code args[from]} on, or all of them but {@code MAP_CONCURRENT}
   * (which needs the jdk25 build) when none is named.
   */
  static List<Alternative> alternatives(String[] args, int from) {
    if (args.length > from) {
      List<Alternative> named = new ArrayList<>();
      for (String name : Arrays.copyOfRange(args, from, args.length)) {
        named.add(Alternative.valueOf(name));
      }
      return named;
    }
    List<Alternative> all = new ArrayList<>(Arrays.asList(Alternative.values()));
    all.remove(Alternative.MAP_CONCURRENT);
    return all;
  }
}
