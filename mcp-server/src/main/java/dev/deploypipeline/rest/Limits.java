package dev.deploypipeline.rest;

/** Bounds on what one request may ask for. */
final class Limits {
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 500;

  private Limits() {}
}
