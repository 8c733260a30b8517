package dev.deploypipeline.mcp;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Case tables that read a seeded project (d-1 completed, d-2 rolled back, d-3 at the gate) share one per class. */
abstract class SeededProjectTest {
  @TempDir
  static Path dir;
  static TestProject p;

  @BeforeAll
  static void seed() throws Exception {
    p = TestProject.seeded(dir);
  }

  @AfterAll
  static void close() {
    p.close();
  }
}
