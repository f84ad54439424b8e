package dev.standby.temporal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a secret (a private key, an API key, an encryption key) is read from: a file or an
 * environment variable, never the configuration itself. {@code field} names it in errors, e.g.
 * {@code temporal.tls.clientKeyFile}.
 */
public record Secret(String field, Path file, String env) {
  public Secret {
    if ((file == null) == (env == null)) {
      throw new IllegalArgumentException(field + ": give a file or an environment variable");
    }
  }

  public static Secret file(String field, Path file) {
    return new Secret(field, file, null);
  }

  public static Secret env(String field, String env) {
    return new Secret(field, null, env);
  }

  /** The secret's bytes; a missing file or unset variable is a {@link TemporalSetupException}. */
  public byte[] read(Function<String, String> environment) {
    if (file != null) {
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new TemporalSetupException(
            field + ": cannot read " + file + " (" + describe(e) + ")", e);
      }
    }
    String value = environment.apply(env);
    if (value == null || value.isBlank()) {
      throw new TemporalSetupException(field + ": environment variable " + env + " is not set");
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public String readText(Function<String, String> environment) {
    return new String(read(environment), StandardCharsets.UTF_8).trim();
  }

  /** Where the secret comes from, for messages: never its value. */
  public String source() {
    return file != null ? "file " + file : "environment variable " + env;
  }

  static String describe(IOException e) {
    String kind = e.getClass().getSimpleName();
    return switch (kind) {
      case "NoSuchFileException" -> "no such file";
      case "AccessDeniedException" -> "permission denied";
      default -> e.getMessage() == null ? kind : e.getMessage();
    };
  }
}
