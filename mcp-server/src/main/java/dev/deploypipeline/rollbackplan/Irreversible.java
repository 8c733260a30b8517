package dev.deploypipeline.rollbackplan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rollback cannot undo, and what to do about it. {@link #KINDS} is the table the rollback-patterns skill
 * shows (a test keeps the two in step).
 */
public record Irreversible(String kind, String name, String detail, String mitigation) {
  /** Kind, and why it survives a rollback. */
  public static final Map<String, String> KINDS;
  /** Where migrations are looked for, relative to the project (Rails, Django/Alembic, Flyway, Liquibase, Prisma…). */
  public static final List<String> MIGRATION_DIRS = List.of("db/migrate", "db/migrations", "migrations",
      "migration", "flyway", "sql/migrations", "src/main/resources/db/migration", "src/main/resources/db/changelog",
      "alembic/versions", "prisma/migrations");

  static {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("volume", "a named volume keeps what the newer release wrote; the older image reads it as it is");
    k.put("migration", "schema migrations ran forward; rolling back the image does not run them back");
    k.put("caddy", "the previous Caddy config was not recorded, so only the live one can be restored");
    KINDS = java.util.Collections.unmodifiableMap(k);
  }

  /** The skill's table: each kind, why it survives, and the migration directories looked for. */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder("| kind | why a rollback leaves it |\n|---|---|\n");
    KINDS.forEach((k, why) -> sb.append("| `").append(k).append("` | ").append(why).append(" |\n"));
    sb.append("\nMigration directories looked for: ").append(String.join(", ", MIGRATION_DIRS.stream()
        .map(d -> "`" + d + "/`").toList())).append(".\n");
    sb.append("Version variables replaced in `image:`: ").append(String.join(", ", ImageTags.VERSION_VARIABLES
        .stream().map(v -> "`${" + v + "}`").toList())).append(".\n");
    return sb.toString();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("name", name);
    m.put("detail", detail);
    m.put("mitigation", mitigation);
    return m;
  }

  /** Everything in {@code in} a rollback leaves as it is. */
  static List<Irreversible> of(PlanInput in) {
    List<Irreversible> out = new ArrayList<>();
    String to = in.target() == null ? "the older release" : in.target().version();
    if (in.compose() != null) {
      in.compose().facts().namedVolumes().forEach((volume, users) -> out.add(new Irreversible("volume", volume,
          "named volume " + volume + (users.isEmpty() ? "" : " (used by " + String.join(", ", users) + ")")
              + ": " + KINDS.get("volume"),
          "back it up first: docker run --rm -v " + in.compose().project() + "_" + volume + ":/v:ro -v \"$PWD\":/b "
              + "busybox tar czf /b/" + volume + "-before-rollback.tgz -C /v . ; check that " + to
              + " can read data written by the newer release")));
    }
    for (String dir : in.migrationDirs()) {
      List<String> changed = in.migrationsChanged() == null ? null
          : in.migrationsChanged().stream().filter(f -> f.startsWith(dir + "/")).toList();
      String detail = changed == null ? "migrations in " + dir + "/ (git could not say which changed between the two "
          + "releases): " + KINDS.get("migration")
          : changed.isEmpty() ? "migrations in " + dir + "/: none changed between the two releases"
          : changed.size() + " migration file(s) in " + dir + "/ changed since " + to + " (" + String.join(", ",
              changed.subList(0, Math.min(5, changed.size()))) + (changed.size() > 5 ? ", …" : "") + "): "
              + KINDS.get("migration");
      String mitigation = changed != null && changed.isEmpty() ? "nothing to undo"
          : to + " must run against the newer schema (expand/contract migrations make that safe); otherwise restore "
              + "the database from a backup taken before the newer release, or write and run the down migration";
      out.add(new Irreversible("migration", dir, detail, mitigation));
    }
    PlanInput.Caddy c = in.caddy();
    if (c != null && c.previousCaddyfile() == null) {
      out.add(new Irreversible("caddy", c.caddyfile() == null ? "admin API" : c.caddyfile(),
          (c.caddyfile() == null ? "no Caddyfile in the project" : c.caddyfile() + " is not in git at " + to
              + "'s commit") + ": " + KINDS.get("caddy"),
          "the script saves the live config (GET /config/) before it changes anything; POST it to /load to restore"));
    }
    return out;
  }
}
