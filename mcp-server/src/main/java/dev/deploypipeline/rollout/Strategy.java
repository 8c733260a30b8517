package dev.deploypipeline.rollout;

/**
 * A strategy is a short recipe over {@link Steps}. {@code from} says where to go on after a human approved a
 * parked rollout (step index, and whether that step's analysis is already done); a fresh rollout starts at 0.
 */
interface Strategy {
  record From(int step, boolean analysed, boolean resumed) {
    static final From START = new From(0, false, false);
  }

  void run(Steps s, From from) throws Steps.Abort, Steps.Park, InterruptedException;

  static Strategy of(String type) {
    return switch (type) {
      case "rolling" -> new Rolling();
      case "blue-green" -> new BlueGreen();
      case "canary" -> new Canary();
      default -> new Recreate();
    };
  }
}
