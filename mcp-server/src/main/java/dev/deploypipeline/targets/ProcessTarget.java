package dev.deploypipeline.targets;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The {@code process} target: each instance is {@code setsid bash -c <command>} in the spec's work directory, in
 * a session and process group of its own, so that it outlives our server and is stopped as a whole (children of
 * children included). {@code ${PORT}} and {@code ${VERSION}} in the command are ordinary environment variables
 * that bash expands, so a version string can never inject shell code. The instance gets the spec's environment,
 * {@code PORT}, {@code VERSION} and, unless the spec sets them, the server's {@code PATH} and {@code HOME}; no
 * other variable of the server's environment reaches it.
 */
public final class ProcessTarget implements Target {
  private static final Pattern ID_UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  @Override
  public String kind() {
    return "process";
  }

  @Override
  public Instance start(InstanceSpec spec) throws IOException {
    validate(spec);
    String id = ID_UNSAFE.matcher(spec.environment() + "-" + spec.slot() + "-" + spec.version() + "-" + spec.port())
        .replaceAll("_");
    Files.createDirectories(spec.logDir());
    Path log = spec.logDir().resolve(id + ".log");
    Map<String, String> masks = MaskedLog.masks(spec.env());
    ProcessBuilder pb = new ProcessBuilder(masks.isEmpty() ? List.of("setsid", "bash", "-c", spec.command())
        : MaskedLog.command(spec.command(), log))
        .directory(spec.workDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    Map<String, String> server = new HashMap<>(env);
    env.clear();
    for (String keep : List.of("PATH", "HOME")) {
      if (server.containsKey(keep)) env.put(keep, server.get(keep));
    }
    env.putAll(spec.env());
    env.put("PORT", Integer.toString(spec.port()));
    env.put("VERSION", spec.version());
    env.putAll(MaskedLog.filterEnv(masks));
    Process p = pb.start();
    // setsid execs in place (a child of the JVM is never a group leader), so the pid is the group's id.
    Instant started = p.info().startInstant()
        .orElseThrow(() -> new IOException("cannot read the start time of pid " + p.pid()));
    return new Instance(id, spec.environment(), spec.version(), spec.slot(), "127.0.0.1:" + spec.port(), p.pid(),
        started, log);
  }

  @Override
  public boolean isAlive(Instance instance) {
    if (instance.pid() <= 1 || instance.processStart() == null) return false;
    // A zombie runs nothing; it lingers where pid 1 does not reap (containers), so it is not "alive" here.
    if (ProcessGroup.of(instance.pid()).isPresent()) {
      return ProcessHandle.of(instance.pid())
          .flatMap(h -> h.info().startInstant())
          .map(instance.processStart()::equals)
          .orElse(false);
    }
    // The leader (bash) exited but something it started in the background may still run in its group.
    return !new ProcessGroup(instance.pid()).members().isEmpty();
  }

  @Override
  public void stop(Instance instance, Duration grace) throws IOException, InterruptedException {
    if (!isAlive(instance)) return;
    ProcessGroup group = new ProcessGroup(instance.pid());
    group.signal("TERM");
    if (awaitEmpty(group, grace)) return;
    group.signal("KILL");
    if (!awaitEmpty(group, KILL_WAIT)) {
      throw new IOException("process group " + instance.pid() + " of instance " + instance.id()
          + " still runs after SIGKILL: " + group.members().stream().map(ProcessHandle::pid).toList());
    }
  }

  /** Waits for every member to exit, on the members' exit events rather than by polling the clock. */
  private static boolean awaitEmpty(ProcessGroup group, Duration timeout) throws InterruptedException {
    List<ProcessHandle> members = group.members();
    if (members.isEmpty()) return true;
    CompletableFuture<?>[] exits = members.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    // a member may have forked after we listed the group
    return group.members().isEmpty();
  }

  private static void validate(InstanceSpec spec) {
    if (spec.command() == null || spec.command().isBlank()) {
      throw new IllegalArgumentException("instance command is empty: set the environment's target command, e.g. "
          + "\"java Service.java\"");
    }
    if (spec.port() < 1 || spec.port() > 65535) {
      throw new IllegalArgumentException("instance port " + spec.port() + " is out of range 1-65535");
    }
    if (spec.workDir() == null || !Files.isDirectory(spec.workDir())) {
      throw new IllegalArgumentException("instance workDir " + spec.workDir() + " is not a directory");
    }
  }
}
