package dev.deploypipeline.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A release as GitHub returns it, reduced to what publishing reads. {@code uploadUrl} is the hypermedia template
 * ({@code https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}}).
 */
public record GithubRelease(long id, String tagName, String name, boolean draft, boolean prerelease, String htmlUrl,
    String uploadUrl, List<GithubAsset> assets) {
  public GithubRelease {
    assets = assets == null ? List.of() : List.copyOf(assets);
  }

  /** From GitHub's release object ({@code tag_name}, {@code html_url}, {@code upload_url}, {@code assets}, ...). */
  static GithubRelease from(JsonNode r) {
    List<GithubAsset> assets = new ArrayList<>();
    for (JsonNode a : r.path("assets")) assets.add(GithubAsset.from(a));
    return new GithubRelease(r.path("id").asLong(0), r.path("tag_name").asString(""), r.path("name").asString(""),
        r.path("draft").asBoolean(false), r.path("prerelease").asBoolean(false), r.path("html_url").asString(""),
        r.path("upload_url").asString(""), assets);
  }

  public Optional<GithubAsset> asset(String name) {
    return assets.stream().filter(a -> a.name().equals(name)).findFirst();
  }
}
