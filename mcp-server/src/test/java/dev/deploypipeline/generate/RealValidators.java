package dev.deploypipeline.generate;

import dev.deploypipeline.testutil.RequiredTool;

/** The three real validators generate runs: a test needing them fails under CI=true if one is missing, else skips. */
final class RealValidators {
  private RealValidators() {}

  static void require() {
    RequiredTool.require("docker-compose", "docker-compose");
    RequiredTool.require("caddy", "caddy");
    RequiredTool.require("systemd-analyze", "systemd");
  }
}
