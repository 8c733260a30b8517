package dev.deploypipeline.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pyproject.toml, Cargo.toml, Gradle, VERSION: the version found by each reader, bumped, the rest left alone. */
class VersionFormatsTest {
  @TempDir Path dir;

  private Map<String, String> bump(String version) {
    return VersionFiles.bumped(dir, VersionFiles.find(dir), version);
  }

  private void write(String file, String text) throws IOException {
    Files.createDirectories(dir.resolve(file).getParent());
    Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
  }

  @Test
  void pyprojectProjectTable() throws IOException {
    String before = """
        # build config
        [build-system]
        requires = ["hatchling"]
        version = "9.9.9"  # not the project's

        [project]
        name = "shop"
        description = \"\"\"
        version = "0.0.1" inside a multi-line string
        \"\"\"
        version   =   "2.0.0"   # bumped by release prepare
        dependencies = ["requests==2.0.0"]
        """;
    write("pyproject.toml", before);
    assertThat(VersionFiles.find(dir)).extracting(VersionSite::where).containsExactly("[project].version");
    assertThat(bump("2.1.0")).containsEntry("pyproject.toml", before.replace(
        "version   =   \"2.0.0\"", "version   =   \"2.1.0\""));
  }

  @Test
  void poetryTableWithLiteralString() throws IOException {
    String before = "[tool.poetry]\nname = 'shop'\nversion = '0.3.1'\n\n[tool.poetry.dependencies]\n"
        + "python = '^3.11'\nversion = '0.3.1'\n";
    write("pyproject.toml", before);
    assertThat(bump("0.4.0").get("pyproject.toml")).isEqualTo(before.replaceFirst("0\\.3\\.1", "0.4.0"));
  }

  @Test
  void cargoPackageAndWorkspacePackage() throws IOException {
    String before = """
        [workspace]
        members = ["crates/*"]

        [workspace.package]
        version = "1.0.0"

        [package]
        name = "shop"
        version = "1.0.0" # the crate
        edition = "2021"

        [dependencies]
        serde = { version = "1.0.0", features = ["derive"] }
        [dependencies.rand]
        version = "1.0.0"
        """;
    write("Cargo.toml", before);
    assertThat(VersionFiles.find(dir)).extracting(VersionSite::where)
        .containsExactly("[package].version", "[workspace.package].version");
    String after = bump("1.0.1").get("Cargo.toml");
    assertThat(after).isEqualTo(before.replace("[workspace.package]\nversion = \"1.0.0\"",
        "[workspace.package]\nversion = \"1.0.1\"").replace("version = \"1.0.0\" # the crate",
        "version = \"1.0.1\" # the crate"));
    assertThat(after).contains("serde = { version = \"1.0.0\"", "[dependencies.rand]\nversion = \"1.0.0\"");
  }

  @Test
  void invalidTomlIsRefusedWithTheFile() throws IOException {
    write("Cargo.toml", "[package\nversion = \"1.0.0\"\n");
    assertThatThrownBy(() -> VersionFiles.find(dir)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("Cargo.toml is not valid TOML");
  }

  @Test
  void gradleKotlinTopLevelOnly() throws IOException {
    String before = """
        plugins { java }
        // version = "0.0.0" in a comment
        /* version = "0.0.1" in a block comment */
        group = "com.example"
        version = "3.2.1"
        subprojects {
            version = "7.7.7"
        }
        dependencies { implementation("org:lib:3.2.1") }
        """;
    write("build.gradle.kts", before);
    assertThat(bump("3.3.0").get("build.gradle.kts")).isEqualTo(before.replace("version = \"3.2.1\"",
        "version = \"3.3.0\""));
  }

  @Test
  void gradleGroovyAndProperties() throws IOException {
    write("build.gradle", "apply plugin: 'java'\nproject.version '1.1.0'\n");
    write("gradle.properties", "# release\norg.gradle.jvmargs=-Xmx1g\nversion = 1.1.0\n");
    assertThat(bump("1.2.0")).containsEntry("build.gradle", "apply plugin: 'java'\nproject.version '1.2.0'\n")
        .containsEntry("gradle.properties", "# release\norg.gradle.jvmargs=-Xmx1g\nversion = 1.2.0\n");
  }

  @Test
  void computedGradleVersionIsRefused() throws IOException {
    write("build.gradle.kts", "version = \"1.0.${System.getenv(\"BUILD\")}\"\n");
    assertThatThrownBy(() -> VersionFiles.find(dir)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("not a plain string literal");
  }

  @Test
  void versionFileKeepsItsNewline() throws IOException {
    write("VERSION", "0.9.0\n");
    assertThat(bump("1.0.0")).containsEntry("VERSION", "1.0.0\n");
  }

  @Test
  void mavenCiFriendlyRevisionIsBumpedInTheProperty() throws IOException {
    String before = "<project>\n  <groupId>g</groupId><artifactId>a</artifactId>\n  <version>${revision}</version>\n"
        + "  <properties>\n    <revision>2.3.4</revision>\n  </properties>\n</project>\n";
    write("pom.xml", before);
    assertThat(VersionFiles.find(dir)).extracting(VersionSite::where)
        .containsExactly("project/properties/revision (project/version)");
    assertThat(bump("2.4.0").get("pom.xml")).isEqualTo(before.replace("<revision>2.3.4", "<revision>2.4.0"));
  }

  @Test
  void byteOrderMarkStays() throws IOException {
    String before = "\uFEFF<?xml version=\"1.0\"?>\n<project><artifactId>a</artifactId><version>1.0.0</version>"
        + "</project>\n";
    write("pom.xml", before);
    assertThat(bump("1.0.1").get("pom.xml")).isEqualTo(before.replace("1.0.0", "1.0.1"));
  }

  @Test
  void aVersionWithACommentInsideIsRefusedNotMangled() throws IOException {
    write("pom.xml", "<project><artifactId>a</artifactId><version>1.0<!-- x -->.0</version></project>");
    assertThatThrownBy(() -> VersionFiles.find(dir)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("pom.xml: project/version is '1.0.0' but the text");
  }

  @Test
  void disagreeingFilesAreNamed() throws IOException {
    write("VERSION", "1.0.0\n");
    write("package.json", "{\"version\": \"1.1.0\"}");
    assertThatThrownBy(() -> VersionFiles.agreed(VersionFiles.find(dir))).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("1.1.0=[package.json version]").hasMessageContaining("1.0.0=[VERSION the file]");
  }

  @Test
  void aMissingModuleIsNamed() throws IOException {
    write("pom.xml", "<project><artifactId>a</artifactId><version>1.0.0</version><modules><module>gone</module>"
        + "</modules></project>");
    assertThatThrownBy(() -> VersionFiles.find(dir)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("gone/pom.xml does not exist");
  }

  @Test
  void noFilesNoSites() {
    assertThat(VersionFiles.find(dir)).isEmpty();
    assertThat(VersionFiles.agreed(List.of())).isNull();
  }
}
