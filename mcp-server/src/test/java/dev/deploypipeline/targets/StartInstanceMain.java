package dev.deploypipeline.targets;

import dev.deploypipeline.store.Json;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a separate JVM by {@link ProcessTargetTest}: starts one instance, prints its record as JSON and exits,
 * as a server does that is killed after starting an instance.
 * Arguments: workDir logDir port command.
 */
public final class StartInstanceMain {
  public static void main(String[] args) throws Exception {
    InstanceSpec spec = new InstanceSpec("dev", "v1", "blue", Integer.parseInt(args[2]), args[3], Map.of(),
        Path.of(args[0]), Path.of(args[1]));
    System.out.println(Json.MAPPER.writeValueAsString(new ProcessTarget().start(spec)));
  }
}
