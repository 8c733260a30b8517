package dev.deploypipeline.github;

/** A release asset as GitHub describes it; {@code state} is {@code uploaded}, or {@code starter} after a failed upload. */
public record GithubAsset(long id, String name, long size, String state, String contentType,
    String browserDownloadUrl) {}
