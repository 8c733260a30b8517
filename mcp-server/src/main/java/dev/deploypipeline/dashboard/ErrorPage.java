package dev.deploypipeline.dashboard;

/** A page that says what went wrong and what to do next, with the usual navigation so the user is not stuck. */
final class ErrorPage {
  private ErrorPage() {}

  static String render(String title, String problem, String nextStep) {
    Html h = new Html().open(title, "", problem);
    if (nextStep != null) h.raw("<p id=\"next-step\">Next: ").text(nextStep).raw("</p>");
    h.raw("<p>").link("/", "Back to the Overview").raw("</p>");
    return h.close().toString();
  }
}
