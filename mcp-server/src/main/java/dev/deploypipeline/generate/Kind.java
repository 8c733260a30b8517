package dev.deploypipeline.generate;

/** What a generated file is, and the real tool that checks it before it is written. */
public enum Kind {
  COMPOSE("docker-compose config"),
  CADDYFILE("caddy validate --adapter caddyfile"),
  SYSTEMD("systemd-analyze verify");

  private final String tool;

  Kind(String tool) {
    this.tool = tool;
  }

  public String tool() {
    return tool;
  }
}
