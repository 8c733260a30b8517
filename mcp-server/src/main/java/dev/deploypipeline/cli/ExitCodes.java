package dev.deploypipeline.cli;

/** Exit codes shared by every command, so scripts and CI can branch on them. */
public final class ExitCodes {
  /** Done: the deployment reached the gate or completed, the query answered. */
  public static final int OK = 0;
  /** It ran but did not succeed: the deployment failed, a rollback step failed, the audit chain is broken. */
  public static final int FAILED = 1;
  /** Nothing was done: bad arguments, bad config, unknown id, illegal transition, a guard said no. */
  public static final int USAGE = 2;
  /** A bug or an environment problem (I/O); the message says which. */
  public static final int INTERNAL = 3;

  private ExitCodes() {}
}
