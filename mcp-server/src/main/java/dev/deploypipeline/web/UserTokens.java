package dev.deploypipeline.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-user bearer tokens for the web host: a JSON file of who holds a token, the SHA-256 of it and when it was
 * issued or revoked. The token itself is shown once at issue and never stored, so the file can be read (and backed
 * up) without giving anyone access. The file is re-read when it changes on disk, so {@code token revoke} takes
 * effect on a running server at its next request.
 */
public final class UserTokens {
  public static final String DEFAULT_FILE = ".claude/deployment-tokens.json";
  static final String PREFIX = "dpt_";
  static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One issued token; {@code revoked} is null while it is valid. */
  public record Entry(String user, String sha256, Instant created, Instant revoked) {
    public boolean active() {
      return revoked == null;
    }
  }

  record FileBody(int version, List<Entry> tokens) {}

  private final Path file;
  private final Clock clock;
  private volatile Snapshot snapshot = new Snapshot(null, -1, List.of());

  private record Snapshot(FileTime modified, long size, List<Entry> entries) {}

  public UserTokens(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  public Path file() {
    return file;
  }

  /** The user a presented token belongs to, if it is an active token in the file. Constant time per entry. */
  public Optional<String> user(String presented) {
    if (presented == null || !presented.startsWith(PREFIX)) return Optional.empty();
    byte[] digest = sha256(presented);
    String found = null;
    for (Entry e : current()) {
      // Every entry is compared, so the time taken does not say which one matched.
      if (e.active() && MessageDigest.isEqual(digest, HexFormat.of().parseHex(e.sha256()))) found = e.user();
    }
    return Optional.ofNullable(found);
  }

  /** Every entry, active and revoked, in issue order. */
  public List<Entry> list() {
    return current();
  }

  /**
   * Issues a new token for {@code user} and returns it: the only time it exists outside the holder's hands. A user
   * holds one active token at a time; issuing another needs the old one revoked first.
   */
  public synchronized String issue(String user) {
    checkUser(user);
    List<Entry> entries = new ArrayList<>(readFile());
    Optional<Entry> active = entries.stream().filter(e -> e.active() && e.user().equals(user)).findFirst();
    if (active.isPresent()) {
      throw new IllegalArgumentException("--user " + user + ": already holds a token (issued "
          + active.get().created() + "); revoke it first with `deployment-pipeline token revoke --user " + user
          + "`, then issue a new one");
    }
    String token = PREFIX + AccessToken.randomText(32);
    entries.add(new Entry(user, HexFormat.of().formatHex(sha256(token)), now(), null));
    write(entries);
    return token;
  }

  /** Revokes every active token of {@code user}; returns how many. */
  public synchronized int revoke(String user) {
    checkUser(user);
    List<Entry> entries = new ArrayList<>(readFile());
    int n = 0;
    Instant now = now();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.active() && e.user().equals(user)) {
        entries.set(i, new Entry(e.user(), e.sha256(), e.created(), now));
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("--user " + user + ": holds no active token in " + file
          + "; `deployment-pipeline token list` shows who does");
    }
    write(entries);
    return n;
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  static void checkUser(String user) {
    if (user == null || !USER.matcher(user).matches()) {
      throw new IllegalArgumentException("--user " + (user == null ? "is missing" : "'" + user + "' is not a user "
          + "name") + ": use 1-64 letters, digits and . _ @ + - (e.g. alice or alice@example.com); it is the actor "
          + "on every audit line this token's holder causes");
    }
  }

  private List<Entry> current() {
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (IOException e) {
      return List.of(); // no file: nobody holds a user token
    }
    Snapshot s = snapshot;
    if (modified.equals(s.modified()) && size == s.size()) return s.entries();
    List<Entry> entries = readFile();
    snapshot = new Snapshot(modified, size, entries);
    return entries;
  }

  private List<Entry> readFile() {
    if (!Files.exists(file)) return List.of();
    try {
      FileBody body = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), FileBody.class);
      List<Entry> entries = body.tokens() == null ? List.of() : List.copyOf(body.tokens());
      for (Entry e : entries) {
        if (e.user() == null || e.sha256() == null || !e.sha256().matches("[0-9a-f]{64}") || e.created() == null) {
          throw new IllegalStateException(file + ": an entry lacks user, sha256 (64 hex digits) or created; "
              + "restore the file from a backup, or delete it and issue the tokens again");
        }
      }
      return entries;
    } catch (IOException | JacksonException e) {
      throw new IllegalStateException(file + ": cannot read the tokens file (" + e.getClass().getSimpleName()
          + "); restore it from a backup, or delete it and issue the tokens again", e);
    }
  }

  private void write(List<Entry> entries) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new FileBody(1, entries))
          + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's permissions guard it
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IllegalStateException(file + ": cannot write the tokens file (" + e.getMessage()
          + "); check the directory exists and is writable", e);
    }
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
