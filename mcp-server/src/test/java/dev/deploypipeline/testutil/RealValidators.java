package dev.deploypipeline.testutil;

/**
 * The three real validators generate runs (docker-compose, caddy, systemd-analyze): a test needing them fails under
 * CI=true if one is missing, and is skipped with a message elsewhere.
 */
public final class RealValidators {
  private RealValidators() {}

  public static void require() {
    RequiredTool.require("docker-compose", "docker-compose");
    RequiredTool.require("caddy", "caddy");
    RequiredTool.require("systemd-analyze", "systemd");
  }
}
