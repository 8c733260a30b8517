package dev.deploypipeline.targets;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A started instance, as recorded in the store so that the next server finds it again.
 *
 * @param address {@code 127.0.0.1:port}, what a router sends traffic to
 * @param pid the process-group leader's pid
 * @param processStart the process's start time, to tell it from a later process that reuses the pid
 */
public record Instance(String id, String environment, String version, String slot, String address, long pid,
    Instant processStart, Path log) {}
