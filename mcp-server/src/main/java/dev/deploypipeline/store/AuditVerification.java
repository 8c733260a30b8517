package dev.deploypipeline.store;

import java.util.Optional;

/** Result of checking the audit hash chain: how many lines verified, and where it first broke, if it did. */
public record AuditVerification(long lines, boolean intact, Optional<String> problem) {}
