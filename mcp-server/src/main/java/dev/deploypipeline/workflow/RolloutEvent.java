package dev.deploypipeline.workflow;

/** Events of the rollout sub-machine ({@link RolloutTable}); their names appear in the audit trail. */
public enum RolloutEvent {
  /** The new instances are up and healthy. */
  READY,
  /** Start an analysis. */
  VERIFY,
  /** The analysis verdict was Successful. */
  PASSED,
  /** The analysis was Inconclusive: a human decides. */
  INCONCLUSIVE,
  /** A step's pause begins. */
  PAUSE,
  /** A pause ended (its time passed, or a human approved). */
  RESUME,
  /** All traffic is on the new release and every analysis passed. */
  COMPLETE,
  /** A check failed, a human rejected, or the owner was lost: send traffic back to stable. */
  ABORT,
  /** Stable has all traffic (confirmed from the proxy) and the new instances are stopped. */
  ABORTED
}
