package dev.deploypipeline.targets;

import java.nio.file.Path;
import java.util.Map;

/**
 * One instance to start.
 *
 * @param environment the environment it serves ({@code dev}, {@code prod})
 * @param version the release's version, substituted for {@code ${VERSION}}
 * @param slot which slot it fills: {@code blue}, {@code green}, {@code stable}, {@code canary}, or an index
 * @param port the port it must listen on (127.0.0.1), substituted for {@code ${PORT}}
 * @param command the command template, run under {@code bash -c} in {@code workDir}
 * @param env the allow-listed environment the instance gets (never the server's whole environment)
 * @param logDir where its stdout and stderr go, one file per instance
 */
public record InstanceSpec(String environment, String version, String slot, int port, String command,
    Map<String, String> env, Path workDir, Path logDir) {}
