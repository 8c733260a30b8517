package dev.deploypipeline.rollout;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Answers for the fake target's instances: 200 and their own version, unless a test overrides it. */
final class FakeProbe implements Probe {
  private final FakeTarget target;
  final Map<String, String> versionOverride = new HashMap<>();

  FakeProbe(FakeTarget target) {
    this.target = target;
  }

  @Override
  public int status(String address, String path) throws IOException {
    if (!target.running.contains(address)) throw new IOException("connection refused");
    return 200;
  }

  @Override
  public String version(String address, String path) throws IOException {
    if (!target.running.contains(address)) throw new IOException("connection refused");
    String v = target.versionAt.get(address);
    return versionOverride.getOrDefault(v, v);
  }
}
