package dev.deploypipeline.cli;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.EnvFileChecks;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.envfiles.EnvVault;
import dev.deploypipeline.secrets.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code env keygen|encrypt|decrypt}: the age side of {@link EnvCommand}. */
final class EnvSecretCommands {
  private EnvSecretCommands() {}

  static EnvVault vault(ProjectOptions o) {
    return vault(o, null, null);
  }

  /**
   * The env files the project's config names ({@code environments.X.envFile}); none without a config. A config that
   * does not load is an error here too: guessing the file by name could encrypt into the wrong one.
   */
  static Map<String, java.nio.file.Path> configuredFiles(ProjectOptions o) {
    if (ConfigLoader.locate(o.projectDir()).isEmpty()) return Map.of();
    try {
      return EnvFileChecks.files(new ConfigLoader(System.getenv()).withoutChannelChecks().load(o.projectDir()));
    } catch (ConfigException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(), "fix the config (`deployment-pipeline "
          + "validate` lists every problem): it says which env file each environment uses");
    }
  }

  /** With {@code --identity FILE}, that file is the environment's identity (as DEPLOY_AGE_IDENTITY would say). */
  static EnvVault vault(ProjectOptions o, String environment, java.nio.file.Path identity) {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    if (identity != null) {
      String name = new EnvVault(o.projectDir(), env, Clock.systemUTC(), configuredFiles(o)).source(environment)
          .environment();
      env.put(dev.deploypipeline.envfiles.AgeKeys.identityVariable(name), identity.toAbsolutePath().toString());
    }
    return new EnvVault(o.projectDir(), env, Clock.systemUTC(), configuredFiles(o));
  }

  static final class IdentityOption {
    @Option(names = {"-i", "--identity"}, paramLabel = "FILE", description = "The age identity file (default: "
        + "$DEPLOY_AGE_IDENTITY_ENV, $DEPLOY_AGE_IDENTITY, else ~/.config/deployment-pipeline/age/ENV.key)")
    java.nio.file.Path file;
  }

  @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Make an age key pair for ENV: the "
      + "identity into ~/.config/deployment-pipeline/age/ENV.key (mode 600, or $DEPLOY_AGE_IDENTITY), the recipient "
      + "into .env.ENV.recipients in the project (commit it).")
  static final class Keygen implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ENV") String environment;
    @Mixin IdentityOption identity;

    @Override
    public Integer call() {
      EnvVault.KeygenResult k = EnvCommand.run(() -> vault(o, environment, identity.file).keygen(environment));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("environment", k.environment());
      m.put("identityFile", k.identityFile().toString());
      m.put("recipientsFile", k.recipientsFile().toString());
      m.put("recipient", k.recipient());
      m.put("keyId", dev.deploypipeline.envfiles.AgeKeys.keyId(k.recipient()));
      return EnvCommand.print(o, m, "age key for " + k.environment() + ":\n  identity (secret, keep it off the repo): "
          + k.identityFile() + "\n  recipient " + k.recipient() + " (key id "
          + dev.deploypipeline.envfiles.AgeKeys.keyId(k.recipient()) + ") added to " + k.recipientsFile()
          + "\nencrypt a value: printf %s \"$VALUE\" | deployment-pipeline env encrypt " + k.environment() + " KEY",
          false);
    }
  }

  @Command(name = "encrypt", mixinStandardHelpOptions = true, description = "Encrypt KEY's value, read from standard "
      + "input (never an argument), into ENV's env file with age; or with --detected every plain secret already in "
      + "the file. Needs only the recipients file.")
  static final class Encrypt implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ENV") String environment;
    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "Variable name; its value is read "
        + "from standard input (one trailing newline is dropped; at a terminal it is not echoed)") String key;
    // Caught here rather than by picocli, whose "unmatched argument" error would print the value.
    @Parameters(index = "2..*", arity = "0..*", hidden = true) List<String> extra = new ArrayList<>();
    @Option(names = "--detected", description = "Encrypt in place every value of the file that `env scan` flags")
    boolean detected;

    @Override
    public Integer call() {
      if (!extra.isEmpty() || (key != null && key.contains("="))) {
        String name = key == null ? "KEY" : key.contains("=") ? key.substring(0, key.indexOf('=')) : key;
        throw new DeployException(DeployException.Kind.BAD_INPUT, "env encrypt reads the value from standard input, "
            + "never from an argument (it would stay in the shell history and in ps); the value given was not used",
            "type it at the prompt, or pipe it: `printf %s \"$VALUE\" | deployment-pipeline env encrypt " + environment
                + " " + name + "`; if that value was real, it is now in your shell history: change it");
      }
      if (detected == (key != null)) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "give KEY (its value on standard input) or "
            + "--detected, not both and not neither", "e.g. `printf %s \"$VALUE\" | deployment-pipeline env encrypt "
            + environment + " DB_PASSWORD`");
      }
      EnvVault vault = vault(o);
      if (detected) {
        List<String> done = EnvCommand.run(() -> vault.encryptDetected(environment));
        return EnvCommand.print(o, Map.of("environment", environment, "encrypted", done), done.isEmpty()
            ? "no plain secrets in " + environment + "'s file" : "encrypted " + String.join(", ", done), false);
      }
      String value = readValue(key);
      EnvVault.Encrypted e = EnvCommand.run(() -> vault.encrypt(environment, key, value));
      return EnvCommand.print(o, Map.of("environment", e.environment(), "file", e.file().toString(), "key", e.key(),
          "change", e.change()), e.key() + " encrypted into " + e.file() + " (" + e.change() + ")", false);
    }

    private static String readValue(String key) {
      java.io.Console console = System.console();
      if (console != null && Terminal.interactive()) {
        char[] typed = console.readPassword("value of %s (not echoed): ", key);
        return typed == null ? "" : new String(typed);
      }
      try {
        String s = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        if (s.endsWith("\r\n")) return s.substring(0, s.length() - 2);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
      } catch (IOException e) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "cannot read the value from standard input: "
            + e.getMessage(), "pipe the value in");
      }
    }
  }

  @Command(name = "decrypt", mixinStandardHelpOptions = true, description = "Decrypt ENV's values only into the "
      + "environment of a command (--exec -- CMD ARGS), whose output is redacted; or --verify that every value "
      + "opens. Never prints a value.")
  static final class Decrypt implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ENV") String environment;
    @Option(names = "--verify", description = "Check that the identity opens every encrypted value; print names only")
    boolean verify;
    @Option(names = "--exec", description = "Run the command after -- with ENV's file (decrypted) in its environment")
    boolean exec;
    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments, after --")
    List<String> command = new ArrayList<>();
    @Mixin IdentityOption identity;

    @Override
    public Integer call() throws Exception {
      if (verify == exec || (exec && command.isEmpty()) || (verify && !command.isEmpty())) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "decrypt never prints values: give --exec -- CMD "
            + "(the values go into CMD's environment) or --verify", "e.g. `deployment-pipeline env decrypt "
            + environment + " --exec -- ./deploy.sh`");
      }
      EnvVault vault = EnvCommand.run(() -> vault(o, environment, identity.file));
      if (verify) {
        Map<String, String> opened = EnvCommand.run(() -> vault.decrypt(environment));
        String name = vault.source(environment).environment();
        return EnvCommand.print(o, Map.of("environment", name, "decrypted", List.copyOf(opened.keySet())),
            opened.size() + " encrypted value(s) of " + name + " open with " + vault.keys().identityFile(name) + (opened.isEmpty() ? "" : ": " + String.join(", ",
                opened.keySet())), false);
      }
      Map<String, String> env = EnvCommand.run(() -> vault.environment(environment));
      ProcessBuilder pb = new ProcessBuilder(command).directory(o.projectDir().toFile())
          .redirectInput(ProcessBuilder.Redirect.INHERIT);
      pb.environment().putAll(env);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "cannot run " + command.get(0) + ": "
            + Redaction.redact(e.getMessage()), "check the command after --");
      }
      // The child's output passes the redactor like ours: a decrypted value it prints comes out masked.
      Thread out = pump(p.getInputStream(), System.out);
      Thread err = pump(p.getErrorStream(), System.err);
      int code = p.waitFor();
      out.join();
      err.join();
      return code;
    }

    private static Thread pump(InputStream in, PrintStream to) {
      Thread t = new Thread(() -> {
        try (in) {
          in.transferTo(new OutputStream() {
            @Override
            public void write(int b) {
              to.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              to.write(b, off, len);
            }
          });
        } catch (IOException ignored) {
          // The child closed its end; what it wrote has been passed on.
        }
        to.flush();
      }, "env-exec-output");
      t.start();
      return t;
    }
  }
}
