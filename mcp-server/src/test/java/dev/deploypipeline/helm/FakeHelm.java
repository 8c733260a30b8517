package dev.deploypipeline.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A fake {@code helm} for a machine without a cluster: a script that records every call's arguments, keeps each
 * namespace's release history in a file, and fails an upgrade or a test on demand (a file named
 * {@code fail-upgrade-<namespace>}, {@code fail-upgrade-rolled-back-<namespace>} or {@code fail-test-<namespace>}).
 * {@code lint} and {@code template} go to the real helm.
 */
final class FakeHelm {
  private final Path dir;

  FakeHelm(Path dir, Path realHelm) throws IOException {
    this.dir = Files.createDirectories(dir);
    Path script = dir.resolve("helm");
    Files.writeString(script, """
        #!/usr/bin/env bash
        d=$(dirname "$0")
        echo "$*" >> "$d/calls.log"
        ns=default; prev=""; desc=""; rel=""
        for a in "$@"; do
          [[ $prev == -n ]] && ns=$a
          [[ $prev == --description ]] && desc=$a
          prev=$a
        done
        state="$d/state-$ns"; touch "$state"
        next=$(( $(wc -l < "$state") + 1 ))
        supersede() { sed -i 's/|deployed|/|superseded|/' "$state"; }
        case "$1" in
          lint|template) exec "%s" "$@" ;;
          history)
            if [[ ! -s $state ]]; then echo "Error: release: not found" >&2; exit 1; fi
            sep=""; printf '['
            while IFS='|' read -r rev status text; do
              printf '%%s{"revision":%%s,"updated":"2026-01-01T00:00:00Z","status":"%%s","chart":"members-0.1.0","app_version":"1.0.0","description":"%%s"}' "$sep" "$rev" "$status" "$text"
              sep=","
            done < "$state"
            printf ']\\n' ;;
          upgrade)
            if [[ -f $d/fail-upgrade-$ns ]]; then
              echo "$next|failed|Upgrade members failed: context deadline exceeded" >> "$state"
              echo "Error: UPGRADE FAILED: context deadline exceeded" >&2; exit 1
            fi
            if [[ -f $d/fail-upgrade-rolled-back-$ns ]]; then
              last=$(grep '|deployed|' "$state" | tail -1 | cut -d'|' -f1)
              echo "$next|failed|Upgrade members failed: context deadline exceeded" >> "$state"
              supersede; echo "$((next + 1))|deployed|Rollback to $last" >> "$state"
              echo "Error: UPGRADE FAILED: release members failed, and has been rolled back due to rollback-on-failure being set" >&2; exit 1
            fi
            supersede; echo "$next|deployed|$desc" >> "$state"; echo "Release \\"members\\" has been upgraded." ;;
          rollback) supersede; echo "$next|deployed|Rollback to $3" >> "$state"; echo "Rollback was a success! Happy Helming!" ;;
          test) if [[ -f $d/fail-test-$ns ]]; then echo "Error: 1 error occurred: pod members-test-connection failed" >&2; exit 1; fi
                echo "TEST SUITE: members-test-connection  Phase: Succeeded" ;;
          *) echo "fake helm: unexpected $1" >&2; exit 64 ;;
        esac
        """.formatted(realHelm));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  Path dir() {
    return dir;
  }

  /** Every call but lint and template (the checks, which the real helm answers), in order. */
  List<String> releaseCalls() throws IOException {
    Path log = dir.resolve("calls.log");
    if (!Files.exists(log)) return List.of();
    return Files.readAllLines(log).stream().filter(l -> !l.startsWith("lint ") && !l.startsWith("template ")).toList();
  }

  List<String> allCalls() throws IOException {
    Path log = dir.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  void history(String namespace, String... lines) throws IOException {
    Files.write(dir.resolve("state-" + namespace), List.of(lines));
  }

  List<String> history(String namespace) throws IOException {
    return Files.readAllLines(dir.resolve("state-" + namespace));
  }

  void fail(String what, String namespace) throws IOException {
    Files.writeString(dir.resolve(what + "-" + namespace), "");
  }
}
