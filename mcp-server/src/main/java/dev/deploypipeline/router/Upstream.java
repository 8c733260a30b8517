package dev.deploypipeline.router;

/** One upstream address ({@code 127.0.0.1:port}) and its relative weight. */
public record Upstream(String address, int weight) {}
