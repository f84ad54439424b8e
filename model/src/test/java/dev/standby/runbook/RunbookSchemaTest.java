package dev.standby.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.standby.topology.YamlProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * runbooks/runbook.schema.json accepts the shipped runbooks and flags, in broken ones, the fields
 * the loader does.
 */
class RunbookSchemaTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonSchema SCHEMA = schema();

  @Test
  void everyShippedRunbookIsValidUnderTheSchema() throws IOException {
    List<Path> shipped = BrokenRunbooks.shipped().toList();

    assertThat(shipped).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : shipped) {
      assertThat(SCHEMA.validate(YAML.readTree(file.toFile()))).as(file.toString()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.standby.runbook.BrokenRunbooks#broken")
  void theSchemaFlagsTheFieldsTheLoaderFlags(Path file) throws IOException {
    BrokenRunbooks.Expectation expected = BrokenRunbooks.expectation(file);
    if (!expected.parsed()) {
      return;
    }
    Set<String> flagged = flaggedPaths(YAML.readTree(file.toFile()));

    assertThat(flagged).containsExactlyInAnyOrderElementsOf(expected.schemaPaths());
    // Every path the schema flags is one the loader reports a problem at, in the same words it uses
    // for paths.
    List<String> loaderPaths =
        RunbookLoader.load(file, BrokenRunbooks.labTopology()).problems().stream()
            .map(YamlProblem::path)
            .toList();
    assertThat(loaderPaths).containsAll(flagged);
  }

  /**
   * Where the schema finds fault, as the loader's field paths: a missing or unknown field is named
   * by itself.
   */
  static Set<String> flaggedPaths(JsonNode runbook) {
    Set<String> paths = new TreeSet<>();
    for (ValidationMessage m : SCHEMA.validate(runbook)) {
      String at = m.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
      boolean namesAField =
          m.getType().equals("required") || m.getType().equals("additionalProperties");
      paths.add(namesAField ? (at.isEmpty() ? m.getProperty() : at + "." + m.getProperty()) : at);
    }
    return paths;
  }

  private static JsonSchema schema() {
    try (InputStream in = Files.newInputStream(BrokenRunbooks.SCHEMA)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
