package dev.deploypipeline.notify;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules that span fields: email listed in {@code channels} needs its section (Slack and Teams work from the
 * default variable names alone); a channel listed twice is a typo.
 */
public final class NotificationsConfigValidator implements ConstraintValidator<ValidNotifications, NotificationsConfig> {
  @Override
  public boolean isValid(NotificationsConfig c, ConstraintValidatorContext ctx) {
    if (c == null) return true;
    boolean ok = true;
    ctx.disableDefaultConstraintViolation();
    List<String> channels = c.channelList();
    if (channels.contains("email") && c.email() == null) {
      ok = violation(ctx, "email", "is required when channels lists email: add host, port, from and to");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < channels.size(); i++) {
      if (channels.get(i) != null && !seen.add(channels.get(i))) {
        ok = violation(ctx, "channels[" + i + "]", "lists '" + channels.get(i) + "' twice; remove one");
      }
    }
    return ok;
  }

  private static boolean violation(ConstraintValidatorContext ctx, String node, String message) {
    ctx.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
        .addPropertyNode(node).addConstraintViolation();
    return false;
  }
}
