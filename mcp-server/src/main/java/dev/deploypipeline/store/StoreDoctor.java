package dev.deploypipeline.store;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code deployment-pipeline doctor}: checks that the store can be written, that the journal holds no half-applied
 * transaction, that every deployment record reads
 * (or its backup does), that the index agrees with the records, and that the audit chain verifies. With repair it
 * fixes what is safe: a damaged or missing record is restored from its backup, and the index is rebuilt from the
 * records (it only summarises them). A broken audit chain is reported, never "repaired": it is the evidence.
 */
public final class StoreDoctor {
  private static final Pattern FILE = Pattern.compile("(d-\\d+)\\.json(\\.bak)?");

  /** One thing found: {@code ok=false} is a problem; {@code repaired} says whether --repair fixed it. */
  public record Finding(String check, boolean ok, String message, boolean repaired) {}

  public record Report(Path store, int deployments, List<Finding> findings) {
    /** Healthy when every problem found was repaired. */
    public boolean healthy() {
      return findings.stream().allMatch(f -> f.ok() || f.repaired());
    }
  }

  private final FileDeploymentStore store;

  public StoreDoctor(FileDeploymentStore store) {
    this.store = store;
  }

  public Report examine(boolean repair) {
    if (!Files.isDirectory(store.root())) {
      return new Report(store.root(), 0, List.of(new Finding("store", true, "no store yet at " + store.root()
          + " (nothing has been deployed from this project)", false)));
    }
    try {
      return store.locked(() -> check(writable(), repair));
    } catch (StoreException e) {
      // The store cannot even be locked (read-only, full, no permission): still report on what it holds. Nothing
      // is written without the lock, so this only checks; whoever can write would be blocked the same way.
      if (repair || e.nextStep() == null) throw e;
      return check(new Finding("writable", false, e.getMessage(), false), false);
    }
  }

  private Report check(Finding writable, boolean repair) {
    List<Finding> out = new ArrayList<>();
    out.add(writable);
    out.add(journal(repair));
    List<Deployment> records = records(repair, out);
    // Without the records the index cannot be judged, and rebuilding it from nothing would lose it.
    out.add(records == null ? new Finding("index", true, "not checked: the records cannot be read", false)
        : index(records, repair));
    AuditVerification v = store.verifyAudit();
    out.add(v.intact() ? new Finding("audit", true, "hash chain intact (" + v.lines() + " lines)", false)
        : new Finding("audit", false, "hash chain broken: " + v.problem().orElse("?") + "; not repaired (it is "
            + "the evidence): keep audit.jsonl, find out who changed it, restore it from a backup if you have one",
            false));
    return new Report(store.root(), records == null ? 0 : records.size(), out);
  }

  private Finding writable() {
    Path probe = store.root().resolve(".doctor-probe" + AtomicFiles.TEMP_SUFFIX);
    try {
      Files.write(probe, new byte[4096]);
      Files.delete(probe);
      return new Finding("writable", true, store.root() + " is writable", false);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(probe); // a full disk takes part of the probe; give it back
      } catch (IOException ignored) {
        // read-only: nothing was written
      }
      return new Finding("writable", false, StoreFailures.failure("cannot write in " + store.root(), store.root(), e)
          .getMessage() + " (deployments cannot change until this is fixed)", false);
    }
  }

  private Finding journal(boolean repair) {
    FileDeploymentStore.JournalState st;
    try {
      st = store.journalState();
    } catch (StoreException e) {
      return new Finding("journal", false, e.getMessage(), false);
    }
    if (!st.lastUnapplied()) {
      return new Finding("journal", true, st.entries() + " transaction(s) since the last checkpoint, all applied",
          false);
    }
    String problem = "the last transaction in journal.jsonl was not fully applied (its writer was killed)";
    if (!repair) {
      return new Finding("journal", false, problem + "; run doctor --repair, or any command that writes, to apply it",
          false);
    }
    store.replayAll();
    return new Finding("journal", false, problem + "; applied it and checkpointed the journal", true);
  }

  private List<Deployment> records(boolean repair, List<Finding> out) {
    DeploymentFiles files = store.files();
    TreeSet<String> ids = new TreeSet<>(Comparator.comparingLong(SummaryIndex::idNumber));
    try (Stream<Path> s = Files.exists(store.deploymentsDir()) ? Files.list(store.deploymentsDir()) : Stream.empty()) {
      s.forEach(p -> {
        Matcher m = FILE.matcher(p.getFileName().toString());
        if (m.matches()) ids.add(m.group(1));
      });
    } catch (IOException e) {
      out.add(new Finding("records", false, "cannot list " + store.deploymentsDir() + " (" + e + "): it must be a "
          + "readable directory; move whatever is there aside", false));
      return null;
    }
    List<Deployment> good = new ArrayList<>();
    int bad = 0;
    for (String id : ids) {
      DeploymentFiles.Loaded loaded;
      try {
        loaded = files.load(id);
      } catch (StoreException e) {
        bad++;
        out.add(new Finding("record " + id, false, e.getMessage(), false));
        continue;
      }
      Deployment d = loaded.deployment().orElseThrow();
      good.add(d);
      if (loaded.mainIsGood()) continue;
      bad++;
      boolean fixed = repair && restore(files, d);
      out.add(new Finding("record " + id, false, files.mainFile(id) + " is missing or unreadable; its backup "
          + "(revision " + d.revision() + ") is good" + (fixed ? " and was restored" : "; run doctor --repair to "
          + "restore it"), fixed));
    }
    if (bad == 0) out.add(new Finding("records", true, ids.size() + " deployment record(s) read", false));
    return good;
  }

  private static boolean restore(DeploymentFiles files, Deployment d) {
    try {
      AtomicFiles.writeAtomically(files.mainFile(d.id()), Json.MAPPER.writeValueAsBytes(d));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Finding index(List<Deployment> records, boolean repair) {
    Path file = store.root().resolve("index.jsonl");
    List<String> problems = new ArrayList<>();
    Map<String, DeploymentSummary> latest = new java.util.HashMap<>();
    try {
      long n = 0;
      for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
        n++;
        if (line.isBlank()) continue;
        // The first line names the index file itself (SummaryIndex's header), not a deployment.
        if (n == 1 && line.startsWith("{\"index\":")) continue;
        try {
          DeploymentSummary s = Json.MAPPER.readValue(line, DeploymentSummary.class);
          if (s == null || s.id() == null) throw new IllegalArgumentException("no id");
          latest.put(s.id(), s);
        } catch (RuntimeException e) {
          problems.add("line " + n + " is not a valid summary");
        }
      }
    } catch (IOException e) {
      problems.add("unreadable: " + e.getMessage());
    }
    for (Deployment d : records) {
      DeploymentSummary s = latest.get(d.id());
      if (s == null) problems.add(d.id() + " is missing");
      else if (s.state() != d.state() || !java.util.Objects.equals(s.updatedAt(), d.updatedAt())) {
        problems.add(d.id() + " says " + (s.state() == null ? "?" : s.state().id()) + " at " + s.updatedAt()
            + ", the record " + d.state().id() + " at " + d.updatedAt());
      }
    }
    if (problems.isEmpty()) return new Finding("index", true, "index agrees with " + records.size() + " record(s)",
        false);
    String summary = "index.jsonl: " + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
        + (problems.size() > 5 ? " (+" + (problems.size() - 5) + " more)" : "");
    if (!repair) return new Finding("index", false, summary + "; run doctor --repair to rebuild it", false);
    try {
      List<Deployment> oldestFirst = new ArrayList<>(records);
      oldestFirst.sort(Comparator.comparing(Deployment::createdAt).thenComparingLong(x -> SummaryIndex.idNumber(x.id())));
      AtomicFiles.writeAtomically(file, out -> {
        for (Deployment d : oldestFirst) {
          out.write(Json.MAPPER.writeValueAsBytes(DeploymentSummary.of(d)));
          out.write('\n');
        }
      });
      return new Finding("index", false, summary + "; rebuilt from " + records.size() + " record(s)", true);
    } catch (IOException e) {
      return new Finding("index", false, summary + "; rebuilding failed: " + e.getMessage(), false);
    }
  }
}
