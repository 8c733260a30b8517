package dev.deploypipeline.hosting;

/**
 * A service that runs as a native systemd unit rather than a container.
 *
 * @param exec the command line; its program is an absolute path (systemd-analyze verify checks that it exists)
 * @param user the system user it runs as (default: root, as systemd does)
 */
public record NativeSpec(String exec, String user) {}
