package dev.deploypipeline.github;

import tools.jackson.databind.JsonNode;

/** A release asset as GitHub describes it; {@code state} is {@code uploaded}, or {@code starter} after a failed upload. */
public record GithubAsset(long id, String name, long size, String state, String contentType,
    String browserDownloadUrl) {

  /** From GitHub's asset object ({@code name}, {@code size}, {@code state}, {@code content_type}, ...). */
  static GithubAsset from(JsonNode a) {
    return new GithubAsset(a.path("id").asLong(0), a.path("name").asString(""), a.path("size").asLong(0),
        a.path("state").asString(""), a.path("content_type").asString(""), a.path("browser_download_url").asString(""));
  }
}
