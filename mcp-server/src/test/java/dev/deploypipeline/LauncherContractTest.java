package dev.deploypipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plugin's launcher (plugin/launcher/Launcher.java) trains the start-up archive for a fetched jar by naming a
 * class of this jar, as the build does (mcp-server/pom.xml): a rename on one side must fail here, not silently
 * leave installed users without the archive.
 */
class LauncherContractTest {
  @Test
  void theLauncherAndTheBuildTrainWithAClassThatExists() throws Exception {
    String launcher = Files.readString(Path.of("..", "plugin", "launcher", "Launcher.java"));
    Matcher m = Pattern.compile("TRAINING_CLASS = \"([\\w.]+)\"").matcher(launcher);
    assertThat(m.find()).as("TRAINING_CLASS in Launcher.java").isTrue();
    Class<?> training = Class.forName(m.group(1));
    assertThat(training.getMethod("main", String[].class)).isNotNull();
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<arg value=\"" + m.group(1) + "\"/>");
  }
}
