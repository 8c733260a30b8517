package dev.deploypipeline.cli;

import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.State;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One line per step on stderr while a pipeline runs, so a terminal or CI log shows progress. */
final class ProgressPrinter implements PipelineListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintStream out;
  private final Clock clock;

  ProgressPrinter(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void transitioned(Deployment after, State from, Event event, String actor) {
    line(after.id() + "  " + from.id() + " → " + after.state().id() + "  (" + event + " by " + actor + ")");
  }

  @Override
  public void stageStarted(Deployment d, String stage, int attempt) {
    line(d.id() + "  " + stage + (attempt > 1 ? " attempt " + attempt : "") + " …");
  }

  @Override
  public void attemptFailed(Deployment d, String stage, int attempt, Failure failure, boolean willRetry) {
    line(d.id() + "  " + stage + " attempt " + attempt + " failed: " + failure.message()
        + (willRetry ? " — retrying" : ""));
  }

  private void line(String s) {
    LocalTime t = LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault());
    out.println("[" + TIME.format(t) + "] " + s);
    out.flush();
  }
}
