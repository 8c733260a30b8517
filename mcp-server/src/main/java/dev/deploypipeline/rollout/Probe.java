package dev.deploypipeline.rollout;

import java.io.IOException;

/** How the analysis asks an instance about itself; {@link HttpProbe} in production. */
public interface Probe {
  /** The HTTP status of GET {@code path} on {@code address} ({@code 127.0.0.1:port}). */
  int status(String address, String path) throws IOException, InterruptedException;

  /** The version the instance says it runs: its {@code X-Version} header, else the body of GET {@code path}. */
  String version(String address, String path) throws IOException, InterruptedException;
}
