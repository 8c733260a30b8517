import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads `deploy status --json` on stdin and prints the rollout in a few lines (no JSON library: JDK only). */
public class ShowRollout {
  public static void main(String[] args) throws Exception {
    String json = new BufferedReader(new InputStreamReader(System.in)).lines().collect(Collectors.joining("\n"));
    print(json, "deploymentId");
    print(json, "state");
    print(json, "rollbackReason");
    Matcher start = Pattern.compile("\"rollout\"\\s*:\\s*\\{").matcher(json);
    String rollout = start.find() ? json.substring(start.start()) : "";
    print(rollout, "environment");
    print(rollout, "strategy");
    print(rollout, "phase");
    print(rollout, "newPercent");
    print(rollout, "errorRate");
    Matcher v = Pattern.compile("\"at\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"verdict\"\\s*:\\s*\"([^\"]+)\"").matcher(rollout);
    while (v.find()) System.out.println("  analysis " + v.group(1) + ": " + v.group(2));
    Matcher k = Pattern.compile("\"kind\"\\s*:\\s*\"([^\"]+)\"[^}]*\"durationMs\"\\s*:\\s*(\\d+)").matcher(rollout);
    if (k.find()) System.out.println("  rollback: " + k.group(1) + " in " + k.group(2) + " ms");
  }

  static void print(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\"[^\"]*\"|[0-9.]+)").matcher(json);
    if (m.find()) System.out.println("  " + key + ": " + m.group(1).replace("\"", ""));
  }
}
