package dev.deploypipeline.store;

import dev.deploypipeline.workflow.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code journal.jsonl}, the store's write-ahead log. A transaction's saves and audit lines go into one line here,
 * forced to disk, before any of them touches a deployment file, the index or the audit trail; then they are applied
 * and a marker line says so. A process killed between the two leaves an entry without its marker, and the next writer
 * applies it again (every step of applying is idempotent). So a save never lands without its audit line, nor an
 * audit line without its save, and one fsync makes a whole transaction durable.
 *
 * <p>Applying does not force the files it writes: until a checkpoint has forced them the journal is what survives a
 * power cut, so it is only emptied after one. Entry: {@code {"deployments":[...],"audit":["<line>",...]}}.
 */
final class Journal {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  static final byte[] APPLIED = "{\"applied\":true}\n".getBytes(StandardCharsets.UTF_8);

  /**
   * One transaction: each deployment as the JSON its file gets (with its id, so that a checkpoint knows which files
   * to force without parsing them), and its audit lines in canonical form.
   */
  record Entry(List<String> ids, List<byte[]> deployments, List<byte[]> audit) {
    List<Deployment> parsedDeployments() {
      List<Deployment> out = new ArrayList<>(deployments.size());
      for (byte[] d : deployments) out.add(Json.MAPPER.readValue(d, Deployment.class));
      return out;
    }
  }

  private final Path file;

  Journal(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Appends the entry and forces it to disk: from here on the transaction survives a crash. */
  void commit(Entry e) throws IOException {
    boolean created = !Files.exists(file);
    AtomicFiles.append(file, encode(e), true);
    if (created) AtomicFiles.fsyncDirectory(file.getParent());
  }

  /** Not forced: if the marker is lost, the entry is applied once more, which changes nothing. */
  void markApplied() throws IOException {
    AtomicFiles.append(file, APPLIED, false);
  }

  /**
   * The last entry if it has no applied-marker after it (its writer died while applying it). A torn last line is an
   * entry whose commit never returned, so nothing of it was applied or acknowledged: it is cut off.
   */
  Optional<Entry> unapplied() throws IOException {
    if (!Files.exists(file)) return Optional.empty();
    long size = cutTornTail();
    try (FileChannel ch = JsonLines.openRead(file)) {
      if (size == 0 || endsWith(ch, size, APPLIED)) return Optional.empty();
      long start = JsonLines.endOfLastLine(ch, size - 1);
      ByteBuffer b = ByteBuffer.allocate((int) (size - start));
      ch.read(b, start);
      return decode(b.array(), 0, b.limit() - 1);
    }
  }

  /** Every complete entry, oldest first (for a redo after a power cut and for a checkpoint). */
  List<Entry> entries() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    long size = cutTornTail();
    try (FileChannel ch = JsonLines.openRead(file)) {
      JsonLines.read(ch, 0, size, (buf, off, len) -> decode(buf, off, len).ifPresent(out::add));
    }
    return out;
  }

  long size() throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /** Empties the journal; only after a checkpoint has forced everything its entries wrote. */
  void clear() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
      ch.force(true);
    }
  }

  static byte[] encode(Entry e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + e.deployments().stream().mapToInt(d -> d.length).sum());
    out.writeBytes("{\"deployments\":[".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < e.deployments().size(); i++) {
      if (i > 0) out.write(',');
      out.writeBytes(e.deployments().get(i));
    }
    out.writeBytes("],\"audit\":[".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < e.audit().size(); i++) {
      if (i > 0) out.write(',');
      // As a JSON string, so that the canonical bytes the hash covers come back exactly.
      out.writeBytes(Json.MAPPER.writeValueAsBytes(new String(e.audit().get(i), StandardCharsets.UTF_8)));
    }
    out.writeBytes("]}\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private Optional<Entry> decode(byte[] buf, int off, int len) {
    if (len == 0 || (len == APPLIED.length - 1 && Arrays.equals(buf, off, off + len, APPLIED, 0, len))) {
      return Optional.empty();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(buf, off, len);
      List<String> ids = new ArrayList<>();
      List<byte[]> deployments = new ArrayList<>();
      for (JsonNode d : n.get("deployments")) {
        ids.add(d.get("id").asString());
        deployments.add(Json.MAPPER.writeValueAsBytes(d));
      }
      List<byte[]> audit = new ArrayList<>();
      for (JsonNode a : n.get("audit")) audit.add(a.asString().getBytes(StandardCharsets.UTF_8));
      return Optional.of(new Entry(ids, deployments, audit));
    } catch (RuntimeException e) {
      LOG.error("{}: an entry cannot be read ({}); it is skipped, run `deployment-pipeline doctor`", file,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Opens for writing only when there is something to cut, so that reading works on a read-only store. */
  private long cutTornTail() throws IOException {
    long size;
    long end;
    try (FileChannel ch = JsonLines.openRead(file)) {
      size = ch.size();
      end = JsonLines.endOfLastLine(ch, size);
    }
    if (end < size) {
      LOG.warn("{}: cutting {} bytes of an entry whose commit never finished (nothing of it was applied)", file,
          size - end);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(end);
        ch.force(true);
      }
    }
    return end;
  }

  private static boolean endsWith(FileChannel ch, long size, byte[] suffix) throws IOException {
    if (size < suffix.length) return false;
    ByteBuffer b = ByteBuffer.allocate(suffix.length);
    ch.read(b, size - suffix.length);
    return Arrays.equals(b.array(), suffix);
  }
}
