package dev.deploypipeline.rest;

/** A problem found at the API's edge (bad query or body), or a service refusal with REST-only facts added. */
final class ApiException extends RuntimeException {
  final Problem problem;

  ApiException(Problem problem) {
    super(problem.detail());
    this.problem = problem;
  }

  static ApiException badRequest(String detail, String next) {
    return new ApiException(Problem.of(400, "bad-input", "Bad request", detail, next));
  }

  static ApiException notFound(String detail, String next) {
    return new ApiException(Problem.of(404, "not-found", "Not found", detail, next));
  }
}
