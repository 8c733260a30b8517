package dev.deploypipeline.envfiles;

import java.util.Map;

/** A report on env files, as structured data (JSON, tool results) and as text; names and counts, never values. */
public interface EnvReport {
  Map<String, Object> toMap();

  String text();

  /** Whether it found something to fix (missing keys, plain secrets): the CLI exits 1 then. */
  default boolean found() {
    return false;
  }
}
