package dev.deploypipeline.cli;

import dev.deploypipeline.envfiles.EnvRotation;
import dev.deploypipeline.envfiles.EnvSecretList;
import dev.deploypipeline.envfiles.EnvVault;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code env secrets|rotate}: which keys an environment's values are encrypted to, and changing those keys. */
final class EnvKeyCommands {
  private EnvKeyCommands() {}

  @Command(name = "secrets", mixinStandardHelpOptions = true, description = "ENV's encrypted values by name: bound "
      + "to ENV or not, and the key ids they are encrypted to. Needs no key; never opens or prints a value. Exit 1 "
      + "when a value is unbound, bound elsewhere, or encrypted to a key that is no longer a recipient.")
  static final class Secrets implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ENV") String environment;

    @Override
    public Integer call() {
      EnvVault vault = EnvSecretCommands.vault(o);
      return EnvCommand.print(o, EnvCommand.run(() -> EnvSecretList.of(vault, environment)));
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true, description = "A new age key pair for ENV: every value "
      + "encrypted again to it (and bound to ENV), the old identity kept beside the new one until --retire-old. "
      + "--reencrypt: no new key, every value encrypted again to the recipients file as it is.")
  static final class Rotate implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ENV") String environment;
    @Option(names = "--retire-old", description = "Drop from the identity file the keys ENV's rotations retired, "
        + "once every value opens without them (other environments' keys there stay)") boolean retireOld;
    @Option(names = "--reencrypt", description = "Encrypt every value again to the current recipients (after adding "
        + "or removing one), binding values written before binding") boolean reencrypt;
    @Mixin EnvSecretCommands.IdentityOption identity;

    @Override
    public Integer call() {
      if (retireOld && reencrypt) {
        throw new dev.deploypipeline.deploy.DeployException(dev.deploypipeline.deploy.DeployException.Kind.BAD_INPUT,
            "--retire-old and --reencrypt are separate steps", "run `deployment-pipeline env rotate " + environment
                + " --reencrypt` first, then `--retire-old`");
      }
      EnvRotation rotation = new EnvRotation(EnvCommand.run(() -> EnvSecretCommands.vault(o, environment,
          identity.file)));
      EnvRotation.Result r = EnvCommand.run(() -> retireOld ? rotation.retireOld(environment)
          : reencrypt ? rotation.reencrypt(environment) : rotation.rotate(environment));
      String mode = retireOld ? "retire-old" : reencrypt ? "reencrypt" : "rotate";
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("environment", r.environment());
      m.put("action", mode);
      m.put("file", r.envFile().toString());
      m.put("recipientsFile", r.recipientsFile().toString());
      m.put("identityFile", r.identityFile().toString());
      m.put("keyIds", r.keyIds());
      m.put("retiredKeyIds", r.retiredKeyIds());
      m.put("reencrypted", r.reencrypted());
      m.put("rebound", r.rebound());
      return EnvCommand.print(o, m, text(mode, r), false);
    }

    private static String text(String mode, EnvRotation.Result r) {
      String env = r.environment();
      String values = r.reencrypted().size() + " value(s) of " + r.envFile() + " encrypted again"
          + (r.reencrypted().isEmpty() ? "" : ": " + String.join(", ", r.reencrypted()))
          + (r.rebound().isEmpty() ? "" : "\n  rebound to " + env + " (were unbound): " + String.join(", ", r.rebound()));
      return switch (mode) {
        case "retire-old" -> r.retiredKeyIds().isEmpty() ? "no old key to retire in " + r.identityFile()
            : "retired key id " + String.join(", ", r.retiredKeyIds()) + " of " + env + " from " + r.identityFile()
                + "; it keeps key id " + String.join(", ", r.keyIds());
        case "reencrypt" -> values + "\n  to key id " + String.join(", ", r.keyIds()) + " (" + r.recipientsFile() + ")";
        default -> "new age key for " + env + ": key id " + String.join(", ", r.keyIds())
            + (r.retiredKeyIds().isEmpty() ? "" : " (replaces key id " + String.join(", ", r.retiredKeyIds()) + ")")
            + "\n  " + values
            + "\n  identity: " + r.identityFile() + " holds the new key, and the old one until --retire-old"
            + "\n  recipients: " + r.recipientsFile() + " lists only the new key (the old one is commented out)"
            + "\nnext:"
            + "\n  1. commit " + r.envFile() + " and " + r.recipientsFile()
            + "\n  2. give the new identity to everyone and everything that deploys " + env + " (e.g. replace the CI "
            + "secret holding the identity file, the team's password manager entry): copy the file itself, never "
            + "through the repository, an issue or a chat"
            + "\n  3. once they have it: deployment-pipeline env rotate " + env + " --retire-old";
      };
    }
  }
}
