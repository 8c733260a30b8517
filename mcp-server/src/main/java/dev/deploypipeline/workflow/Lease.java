package dev.deploypipeline.workflow;

import java.time.Instant;

/** Which process is driving a deployment, and when it last said so. */
public record Lease(String host, long pid, Instant heartbeatAt) {
  public String owner() {
    return host + ":" + pid;
  }
}
