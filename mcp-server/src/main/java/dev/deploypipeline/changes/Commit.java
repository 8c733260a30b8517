package dev.deploypipeline.changes;

import java.time.Instant;

/** One commit of a range, with its message read as a Conventional Commit. */
public record Commit(String sha, String subject, String body, String author, String email, Instant time,
    ConventionalCommit conventional) {

  public String shortSha() {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }
}
