package dev.deploypipeline.github;

import java.util.List;
import java.util.Optional;

/**
 * A release as GitHub returns it, reduced to what publishing reads. {@code uploadUrl} is the hypermedia template
 * ({@code https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}}).
 */
public record GithubRelease(long id, String tagName, String name, boolean draft, boolean prerelease, String htmlUrl,
    String uploadUrl, List<GithubAsset> assets) {
  public GithubRelease {
    assets = assets == null ? List.of() : List.copyOf(assets);
  }

  public Optional<GithubAsset> asset(String name) {
    return assets.stream().filter(a -> a.name().equals(name)).findFirst();
  }
}
