package dev.deploypipeline.mcp;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Case tables that read a seeded project (d-1 completed, d-2 rolled back, d-3 at the gate) share one per class. */
public abstract class SeededProjectTest {
  @TempDir
  protected static Path dir;
  protected static TestProject p;

  @BeforeAll
  protected static void seed() throws Exception {
    p = TestProject.seeded(dir);
  }

  @AfterAll
  protected static void close() {
    p.close();
  }
}
