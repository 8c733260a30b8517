package dev.deploypipeline.store;

import dev.deploypipeline.workflow.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON file per deployment, {@code <id>.json}, plus {@code <id>.json.bak}, the copy it replaced. A save first
 * makes the current good copy the backup (a hard link, so no copying and no moment without a main file), then renames
 * the new content into place. A crash at any point leaves either the old or the new main file, plus a good backup.
 */
final class DeploymentFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentFiles.class);
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path dir;

  DeploymentFiles(Path dir) {
    this.dir = dir;
  }

  Path mainFile(String id) {
    return dir.resolve(checkName("deployment id", id) + ".json");
  }

  Path backupFile(String id) {
    return dir.resolve(checkName("deployment id", id) + ".json.bak");
  }

  /** A read outcome that remembers whether the main file was good, so a save knows whether to keep it as backup. */
  record Loaded(Optional<Deployment> deployment, boolean mainIsGood) {}

  Optional<Deployment> find(String id) {
    return load(id).deployment();
  }

  Loaded load(String id) {
    Path main = mainFile(id);
    Path bak = backupFile(id);
    String mainProblem;
    try {
      return new Loaded(Optional.of(parse(main, id)), true);
    } catch (NoSuchFileException e) {
      mainProblem = null;
    } catch (IOException | RuntimeException e) {
      mainProblem = describe(e);
    }
    try {
      Deployment fromBackup = parse(bak, id);
      if (mainProblem != null) {
        LOG.warn("{} is unreadable ({}); using the backup {} (revision {})", main, mainProblem, bak,
            fromBackup.revision());
      } else {
        LOG.warn("{} is missing; using the backup {} (revision {})", main, bak, fromBackup.revision());
      }
      return new Loaded(Optional.of(fromBackup), false);
    } catch (NoSuchFileException e) {
      if (mainProblem == null) return new Loaded(Optional.empty(), false);
      throw new StoreException("deployment " + id + " is unreadable: " + main + " " + mainProblem
          + ", and there is no backup " + bak + "; restore the file from a copy or delete it to forget the deployment");
    } catch (IOException | RuntimeException e) {
      throw new StoreException("deployment " + id + " is unreadable: " + main + " "
          + (mainProblem == null ? "is missing" : mainProblem) + ", and the backup " + bak + " " + describe(e)
          + "; restore one of them from a copy", e);
    }
  }

  /**
   * Stores {@code bytes} (deployment {@code id} as JSON) as the new main copy; the current main copy, if it was
   * good, becomes the backup. Not forced to disk: the caller's journal entry is, until a checkpoint forces this.
   */
  void write(String id, byte[] bytes, boolean mainIsGood) throws IOException {
    Path main = mainFile(id);
    Files.createDirectories(dir);
    if (mainIsGood) AtomicFiles.linkOrCopyAtomically(main, backupFile(id));
    AtomicFiles.writeAtomically(main, out -> out.write(bytes), false);
  }

  /** Forces the deployment's files and the directory holding them (a journal checkpoint). */
  void fsync(String id) throws IOException {
    AtomicFiles.fsync(mainFile(id));
    AtomicFiles.fsync(backupFile(id));
  }

  Path dir() {
    return dir;
  }

  /** Every id with a main or backup file (for rebuilding the index); empty if the directory does not exist. */
  java.util.SortedSet<String> ids() throws IOException {
    java.util.SortedSet<String> ids = new java.util.TreeSet<>();
    if (!Files.isDirectory(dir)) return ids;
    try (var s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (n.endsWith(".json")) ids.add(n.substring(0, n.length() - 5));
        else if (n.endsWith(".json.bak")) ids.add(n.substring(0, n.length() - 9));
      }
    }
    return ids;
  }

  /** For bulk generation only: no backup, no fsync. */
  void writeUnsynced(Deployment d) throws IOException {
    Files.write(mainFile(d.id()), Json.MAPPER.writeValueAsBytes(d));
  }

  private static Deployment parse(Path file, String id) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 0) throw new IOException("is empty");
    Deployment d = Json.MAPPER.readValue(bytes, Deployment.class);
    if (d == null || !id.equals(d.id()) || d.state() == null) {
      throw new IOException("does not hold deployment " + id);
    }
    return d;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static String checkName(String what, String value) {
    if (value == null || !SAFE_NAME.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException(what + " '" + value + "' is not valid: use letters, digits, '.', '_' or "
          + "'-' (at most 128, starting with a letter or digit), for example d-42");
    }
    return value;
  }
}
