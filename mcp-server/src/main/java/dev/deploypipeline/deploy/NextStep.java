package dev.deploypipeline.deploy;

import java.util.List;

/**
 * What to do next, as data: prose with numbered slots ({@code {0}}, {@code {1}}) for the actions to take. The
 * service decides the actions; each front end names them in its own words through a {@link Voice} (the CLI as
 * commands, MCP as tool calls), so neither front end's vocabulary leaks into the other.
 */
public record NextStep(String template, List<Action> actions) {
  public enum Verb { STATUS, LIST, HISTORY, START, VALIDATE, APPROVE, REJECT, ROLLBACK, RESUME, DOCTOR }

  /** One thing to run. Unused fields are null: {@code deploymentId} for STATUS, APPROVE…; {@code service}, {@code environment} for START, VALIDATE. */
  public record Action(Verb verb, String deploymentId, String service, String environment) {
    public static Action status(String id) {
      return new Action(Verb.STATUS, id, null, null);
    }

    public static Action list() {
      return new Action(Verb.LIST, null, null, null);
    }

    public static Action history() {
      return new Action(Verb.HISTORY, null, null, null);
    }

    /** The history of one environment. */
    public static Action history(String environment) {
      return new Action(Verb.HISTORY, null, null, environment);
    }

    public static Action start(String service) {
      return new Action(Verb.START, null, service, null);
    }

    public static Action validate(String service, String environment) {
      return new Action(Verb.VALIDATE, null, service, environment);
    }

    public static Action approve(String id) {
      return new Action(Verb.APPROVE, id, null, null);
    }

    public static Action reject(String id) {
      return new Action(Verb.REJECT, id, null, null);
    }

    public static Action rollback(String id) {
      return new Action(Verb.ROLLBACK, id, null, null);
    }

    public static Action resume(String id) {
      return new Action(Verb.RESUME, id, null, null);
    }

    public static Action doctor() {
      return new Action(Verb.DOCTOR, null, null, null);
    }
  }

  /** How a front end names an action: a command line, a tool call. */
  @FunctionalInterface
  public interface Voice {
    String say(Action action);
  }

  public NextStep {
    actions = List.copyOf(actions);
  }

  /** {@code template} with {@code {i}} standing for {@code actions[i]}. */
  public static NextStep of(String template, Action... actions) {
    return new NextStep(template, List.of(actions));
  }

  /** Advice that names no action, the same in every front end. */
  public static NextStep text(String text) {
    return text == null ? null : new NextStep(text, List.of());
  }

  public String render(Voice voice) {
    String s = template;
    for (int i = 0; i < actions.size(); i++) s = s.replace("{" + i + "}", voice.say(actions.get(i)));
    return s;
  }
}
