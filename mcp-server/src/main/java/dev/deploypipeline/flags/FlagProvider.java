package dev.deploypipeline.flags;

import java.util.List;

/**
 * A feature-flag server's admin side. Environments here are the provider's own names (see
 * {@link FlagsConfig#providerEnvironment}). Every method throws {@link FlagsException} with a next step.
 */
public interface FlagProvider {
  List<FlagState> list() throws InterruptedException;

  FlagState get(String flag) throws InterruptedException;

  void enable(String flag, String environment) throws InterruptedException;

  void disable(String flag, String environment) throws InterruptedException;

  /** Sets the flag's gradual rollout in {@code environment} to {@code percent} and turns it on there. */
  void rollout(String flag, String environment, int percent) throws InterruptedException;
}
