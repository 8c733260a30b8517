package dev.deploypipeline.compose;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.secrets.SecretDetector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The interpolated values a compose report must not echo: every variable of an env file marked secret by its
 * name ({@code .env.secret}, {@code secrets.env}: any file name containing "secret"), and every variable
 * {@link SecretDetector} finds secret (its name, a known token format, or a high-entropy value). A finding shows
 * {@code ${NAME}} where such a value would appear.
 */
final class EnvSecrets {
  private EnvSecrets() {}

  static Redactor of(List<Path> envFiles, Map<String, String> environment) {
    Map<String, String> masks = new LinkedHashMap<>();
    for (Path f : envFiles) {
      boolean secretFile = f.getFileName().toString().toLowerCase(Locale.ROOT).contains("secret");
      EnvFile.read(f).forEach((name, value) -> {
        if (secretFile || SecretDetector.isSecret(name, value)) masks.putIfAbsent(value, "${" + name + "}");
      });
    }
    environment.forEach((name, value) -> {
      if (SecretDetector.isSecret(name, value)) masks.putIfAbsent(value, "${" + name + "}");
    });
    return Redactor.replacing(masks);
  }
}
