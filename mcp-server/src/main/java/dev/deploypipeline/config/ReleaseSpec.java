package dev.deploypipeline.config;

import dev.deploypipeline.github.GithubConfig;
import jakarta.validation.Valid;

/**
 * The {@code release} section: where {@code release publish} sends the release. Optional: without it the GitHub
 * settings come from the environment ({@code GITHUB_API_URL}, {@code GITHUB_REPOSITORY}, {@code GITHUB_TOKEN}) or
 * the {@code origin} remote.
 */
public record ReleaseSpec(@Valid GithubConfig github) {
  public GithubConfig githubOrDefault() {
    return github == null ? GithubConfig.DEFAULTS : github;
  }
}
