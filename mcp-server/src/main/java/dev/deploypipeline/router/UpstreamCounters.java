package dev.deploypipeline.router;

/**
 * Cumulative counters of one upstream: responses by class, and latency where the proxy gives it.
 *
 * @param responses all responses (every status class)
 * @param errors5xx responses with a 5xx status, and requests the proxy could not complete against it
 * @param latencyP95Millis the 95th percentile response time over the proxy's recent window, or -1 if unknown
 */
public record UpstreamCounters(long responses, long errors5xx, double latencyP95Millis) {}
