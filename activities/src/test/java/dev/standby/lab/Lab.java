package dev.standby.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A running two-site lab for a test: {@code lab/lab up --ports auto} in its own directory under
 * {@code <repo>/target/labs}, described by the lab's {@code lab.json}. {@link #close()} (and,
 * should the test JVM die first, a shutdown hook) runs {@code lab/lab down}, which leaves no lab
 * process behind.
 *
 * <pre>{@code
 * try (Lab lab = Lab.start("MyTest")) {
 *   lab.killDatabase(Lab.SITE_A);
 *   try (Connection b = lab.jdbc(Lab.SITE_B)) { ... }
 * }
 * }</pre>
 *
 * Set {@code -Dstandby.lab.keep=true} to keep the lab's directory (data, logs) after {@code
 * close()}.
 */
public final class Lab implements AutoCloseable {
  public static final String SITE_A = "site-a";
  public static final String SITE_B = "site-b";

  private static final ObjectMapper JSON = new ObjectMapper();
  // The first `up` on a fresh machine installs Debian packages and the Python venv.
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private final Path root;
  private final Path dir;
  private final Thread shutdownHook;
  private JsonNode info;
  private boolean closed;

  private Lab(Path root, Path dir, Thread shutdownHook) {
    this.root = root;
    this.dir = dir;
    this.shutdownHook = shutdownHook;
    this.info = readInfo(dir);
  }

  /** Starts a lab with the Temporal dev server. */
  public static Lab start(String name) {
    return start(name, true);
  }

  /**
   * Starts the three-site lab ({@code lab up --sites 3}) with the Temporal dev server: site-b and
   * site-c both stream from site-a, site-c with the higher priority.
   */
  public static Lab startThreeSites(String name) {
    return up(name, "--sites", "3");
  }

  /** The three-site lab without Temporal, for adapter tests. */
  public static Lab startThreeSitesWithoutTemporal(String name) {
    return up(name, "--sites", "3", "--without", "temporal");
  }

  /** Starts a lab; without Temporal when the test brings its own (or needs none). */
  public static Lab start(String name, boolean withTemporal) {
    return withTemporal ? up(name) : up(name, "--without", "temporal");
  }

  /**
   * {@code lab/lab up --ports auto} with the given extra arguments, in a fresh directory under
   * target/labs.
   */
  static Lab up(String name, String... extra) {
    Path root = repoRoot();
    Path dir =
        root.resolve("target")
            .resolve("labs")
            .resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    List<String> args = new ArrayList<>(List.of("up", "--dir", dir.toString(), "--ports", "auto"));
    args.addAll(List.of(extra));
    // Registered before `up`, so even a JVM that dies while the lab starts leaves nothing running.
    Thread hook =
        new Thread(
            () -> run(root, COMMAND_TIMEOUT, "down", "--dir", dir.toString()), "lab-down-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    Result up = run(root, UP_TIMEOUT, args.toArray(String[]::new));
    if (up.exitCode != 0) {
      run(root, COMMAND_TIMEOUT, "down", "--keep", "--dir", dir.toString());
      removeHook(hook);
      throw new IllegalStateException(
          "lab/lab "
              + String.join(" ", args)
              + " failed (exit "
              + up.exitCode
              + "):\n"
              + up.output
              + "\nlogs: "
              + dir.resolve("logs"));
    }
    return new Lab(root, dir, hook);
  }

  // ---------------------------------------------------------------- where things are

  public Path dir() {
    return dir;
  }

  public Path topologyPath() {
    return Path.of(info.path("topology").asText());
  }

  /** The worker's topology for this lab, loaded and validated. */
  public Topology topology() {
    return TopologyLoader.load(topologyPath());
  }

  public Path logDir() {
    return Path.of(info.path("logDir").asText());
  }

  /** Where the cloud emulators answer; only for a lab started with them. */
  public CloudEndpoints clouds() {
    JsonNode clouds = info.path("clouds");
    if (clouds.isMissingNode()) {
      throw new IllegalStateException(
          "this lab was started without the cloud emulators (SharedCloudEmulators starts them)");
    }
    return CloudEndpoints.from(clouds);
  }

  public boolean hasTemporal() {
    return info.path("withTemporal").asBoolean();
  }

  /** host:port of the Temporal frontend. */
  public String temporalTarget() {
    return temporal("temporalTarget");
  }

  public String temporalNamespace() {
    return temporal("temporalNamespace");
  }

  public String temporalUiUrl() {
    return temporal("temporalUiUrl");
  }

  /** site-a and site-b, and site-c in the three-site lab. */
  public List<String> sites() {
    return info.path("ports").has("pg-site-c")
        ? List.of(SITE_A, SITE_B, "site-c")
        : List.of(SITE_A, SITE_B);
  }

  public int pgPort(String site) {
    return port("pg-" + checkSite(site));
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/orders}; user {@link #dbUser()}, no password. */
  public String jdbcUrl(String site) {
    return info.path("jdbcUrls").path(checkSite(site)).asText();
  }

  public String dbUser() {
    return info.path("dbUser").asText();
  }

  public Path dataDir(String site) {
    return Path.of(info.path("dataDirs").path(checkSite(site)).asText());
  }

  public int appPort(String site) {
    return port("app-" + checkSite(site));
  }

  /** The site's own sample app, e.g. {@code http://127.0.0.1:18081}. */
  public String appUrl(String site) {
    return info.path("appUrls").path(checkSite(site)).asText();
  }

  /** HAProxy's frontend: the URL clients use, whichever site serves. */
  public String frontDoorUrl() {
    return info.path("frontDoorUrl").asText();
  }

  public int frontDoorPort() {
    return port("front");
  }

  /** host:port of HAProxy's runtime API (TCP). */
  public String haproxyAdmin() {
    return info.path("haproxyAdmin").asText();
  }

  public String haproxyAdminHost() {
    return "127.0.0.1";
  }

  public int haproxyAdminPort() {
    return port("haproxyAdmin");
  }

  /** The HAProxy backend holding one server per site (named like the sites). */
  public String haproxyBackend() {
    return info.path("haproxyBackend").asText();
  }

  /**
   * Pid of each lab process by name: temporal, haproxy, app-site-a, app-site-b, pg-site-a,
   * pg-site-b.
   */
  public Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    info.path("pids").fields().forEachRemaining(e -> pids.put(e.getKey(), e.getValue().asLong()));
    return pids;
  }

  // ---------------------------------------------------------------- doing things

  /** SIGKILLs the site's PostgreSQL (postmaster and all its processes), as if its host died. */
  public void killDatabase(String site) {
    lab("fault", "kill-db", checkSite(site));
  }

  /**
   * SIGSTOPs the site's PostgreSQL (postmaster and all its processes), as a stalled host or disk
   * leaves a server: connections are accepted and never answered. {@link #thawDatabase} resumes it;
   * closing the lab stops a frozen server too.
   */
  public void freezeDatabase(String site) {
    lab("fault", "freeze-db", checkSite(site));
  }

  /**
   * Stops the Temporal dev server and starts it again on the same SQLite file and ports: a server
   * restart, with everything it had persisted.
   */
  public void restartTemporal() {
    lab("restart", "temporal");
  }

  /** SIGCONTs what {@link #freezeDatabase} stopped: the server carries on where it was. */
  public void thawDatabase(String site) {
    lab("fault", "thaw-db", checkSite(site));
  }

  /**
   * The pids of every live postgres process working in the site's data dir (a frozen one counts),
   * read from /proc, independently of the code under test.
   */
  public List<Long> databaseProcesses(String site) {
    Path data;
    try {
      data = dataDir(site).toRealPath();
    } catch (IOException e) {
      return List.of();
    }
    List<Long> pids = new ArrayList<>();
    try (var proc = Files.list(Path.of("/proc"))) {
      for (Path p : proc.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          boolean zombie = stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
          if (!zombie
              && Files.readSymbolicLink(p.resolve("exe"))
                  .getFileName()
                  .toString()
                  .equals("postgres")
              && Files.readSymbolicLink(p.resolve("cwd")).equals(data)) {
            pids.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | RuntimeException goneOrNotOurs) {
          // ended while we looked, or not a process we may inspect
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e, e);
    }
    return pids;
  }

  public void stopApp(String site) {
    lab("fault", "stop-app", checkSite(site));
  }

  /** Starts the site's app again on the same port with the same settings. */
  public void startApp(String site) {
    lab("fault", "start-app", checkSite(site));
    info = readInfo(dir); // it has a new pid
  }

  /** The output of {@code lab/lab status}: processes, database roles, HAProxy weights. */
  public String status() {
    return lab("status");
  }

  /** An open connection to the site's {@code orders} database as the lab's superuser; close it. */
  public Connection jdbc(String site) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", dbUser());
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(jdbcUrl(site), props);
  }

  /**
   * Sends one command to HAProxy's runtime API (e.g. {@code get weight be_payments/site-a});
   * returns the answer.
   */
  public String haproxyCommand(String command) {
    try (Socket socket = new Socket(haproxyAdminHost(), haproxyAdminPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      try (InputStream in = socket.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      throw new IllegalStateException("HAProxy runtime API " + haproxyAdmin() + ": " + e, e);
    }
  }

  /**
   * Stops every lab process and deletes the lab's directory (kept with -Dstandby.lab.keep=true).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean keep = Boolean.getBoolean("standby.lab.keep");
    Result down =
        keep
            ? run(root, COMMAND_TIMEOUT, "down", "--keep", "--dir", dir.toString())
            : run(root, COMMAND_TIMEOUT, "down", "--dir", dir.toString());
    removeHook(shutdownHook);
    if (down.exitCode != 0) {
      throw new IllegalStateException(
          "lab/lab down --dir " + dir + " failed (exit " + down.exitCode + "):\n" + down.output);
    }
  }

  @Override
  public String toString() {
    return "Lab[" + dir + "]";
  }

  // ---------------------------------------------------------------- plumbing

  private String lab(String... args) {
    String[] withDir = new String[args.length + 2];
    System.arraycopy(args, 0, withDir, 0, args.length);
    withDir[args.length] = "--dir";
    withDir[args.length + 1] = dir.toString();
    Result result = run(root, COMMAND_TIMEOUT, withDir);
    if (result.exitCode != 0) {
      throw new IllegalStateException(
          "lab/lab "
              + String.join(" ", withDir)
              + " failed (exit "
              + result.exitCode
              + "):\n"
              + result.output);
    }
    return result.output;
  }

  private String temporal(String field) {
    if (!hasTemporal()) {
      throw new IllegalStateException(
          "this lab was started without Temporal (Lab.start(name, false))");
    }
    return info.path(field).asText();
  }

  private int port(String name) {
    JsonNode port = info.path("ports").path(name);
    if (!port.isInt()) {
      throw new IllegalStateException("lab.json has no port " + name);
    }
    return port.asInt();
  }

  private String checkSite(String site) {
    if (!sites().contains(site)) {
      throw new IllegalArgumentException(
          "unknown site '" + site + "' (the lab has " + sites() + ")");
    }
    return site;
  }

  private static JsonNode readInfo(Path dir) {
    try {
      return JSON.readTree(dir.resolve("lab.json").toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dir.resolve("lab.json") + ": " + e, e);
    }
  }

  private record Result(int exitCode, String output) {}

  /**
   * Runs lab/lab with args; output (stdout and stderr) goes through a file so a stuck run can time
   * out.
   */
  private static Result run(Path root, Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("lab").resolve("lab").toString());
    command.addAll(List.of(args));
    Path output = null;
    try {
      output = Files.createTempFile("standby-lab-", ".out");
      Process process =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + timeout + "\n" + Files.readString(output));
      }
      return new Result(process.exitValue(), Files.readString(output));
    } catch (IOException e) {
      return new Result(-1, "cannot run " + command + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted while running " + command);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or about to: it does the same `down`, harmlessly
    }
  }

  /**
   * The repository root: surefire's {@code standby.root}, else the nearest parent holding lab/lab.
   */
  static Path repoRoot() {
    String configured = System.getProperty("standby.root");
    if (configured != null
        && !configured.isBlank()
        && Files.isExecutable(Path.of(configured, "lab", "lab"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("lab").resolve("lab"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find lab/lab: set -Dstandby.root to the repository root (cwd "
            + Path.of("").toAbsolutePath()
            + ")");
  }
}
