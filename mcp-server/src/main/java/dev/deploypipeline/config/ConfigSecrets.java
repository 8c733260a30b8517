package dev.deploypipeline.config;

import dev.deploypipeline.jira.JiraConfig;
import dev.deploypipeline.notify.NotificationChannels;
import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.secrets.SecretNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every secret a config knows of: the variables it declares secret (top level and per environment), the Harness
 * API key, Jira API token and flag server admin token variables, the notification secrets (webhook URLs, SMTP
 * password), plus every secret-looking variable.
 */
public final class ConfigSecrets {
  private ConfigSecrets() {}

  /** Names of the variables the config declares secret, plus the Harness key variable. */
  public static List<String> declaredNames(PipelineConfig c) {
    List<String> names = new ArrayList<>(c.secretList());
    if (c.environments() != null) {
      c.environments().values().stream().filter(e -> e != null).forEach(e -> names.addAll(e.secretList()));
    }
    names.add(c.harness() != null ? c.harness().apiKeyEnvOrDefault() : "HARNESS_API_KEY");
    names.add(c.jira() != null ? c.jira().apiTokenEnvOrDefault() : JiraConfig.DEFAULT_TOKEN_ENV);
    if (c.flags() != null) names.add(c.flags().tokenEnvOrDefault());
    return names;
  }

  public static Redactor redactor(PipelineConfig c, Map<String, String> env) {
    return SecretNames.redactor(env, declaredNames(c)).plus(NotificationChannels.redactor(c.notifications(), env));
  }
}
