package io.mqttbroker.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL cluster of Debian's binaries ({@code /usr/lib/postgresql/<v>/bin}, installed by
 * {@code scripts/install-postgres.sh} when missing) in a directory of its own under {@code target/}, on a free loopback
 * port, run as the {@code postgres} user when the tests run as root. See {@link PostgresServer}.
 */
final class PostgresCluster {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);
  /** The cluster's superuser, which the brokers under test log in as (over TCP, with a password). */
  static final String USER = "mqtt";
  private static final String DATABASE = "mqtt_test";
  private static final long COMMAND_TIMEOUT_SECONDS = 300;
  // apt-get update + install over a slow mirror.
  private static final long INSTALL_TIMEOUT_SECONDS = 900;

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;
  private final String password = "pw-" + UUID.randomUUID();
  private final Thread shutdownHook;
  private boolean running;

  private PostgresCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    this.shutdownHook = new Thread(this::destroyQuietly, "postgres-test-cleanup");
  }

  /** Initialises, starts and prepares a new cluster (installing the binaries first when they are missing). */
  static PostgresCluster create() {
    long started = System.nanoTime();
    Path bin = binaries().orElseGet(() -> {
      install();
      return binaries().orElseThrow(() -> new IllegalStateException(
          "scripts/install-postgres.sh ran but /usr/lib/postgresql/*/bin/initdb is still missing"));
    });
    boolean root = "root".equals(System.getProperty("user.name"));
    PostgresCluster cluster = new PostgresCluster(bin, workDirectory(root), freePort(), root);
    java.lang.Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.initialise();
      cluster.start();
      cluster.createDatabase();
    } catch (RuntimeException e) {
      cluster.destroy();
      throw e;
    }
    LOG.info("test PostgreSQL ({}) ready on 127.0.0.1:{} in {} ms", bin.getParent().getFileName(), cluster.port,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return cluster;
  }

  String password() {
    return password;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  private void initialise() {
    Path passwordFile = dir.resolve("password");
    write(passwordFile, password);
    if (asPostgresUser) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
    }
    // Password (scram) over TCP like a real deployment; trust only on the cluster's own unix socket.
    runAsOwner(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
        "--pwfile=" + passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8",
        "--no-locale", "--no-sync"));
  }

  void start() {
    // Loopback only, the socket in the cluster's directory (not /var/run/postgresql), and no fsync: a throwaway
    // cluster does not need to survive a machine crash.
    runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log")
        .toString(), "-w", "-t", "120", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
        + " -c fsync=off -c max_connections=200", "start"));
    running = true;
  }

  void stop() {
    runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "120",
        "stop"));
    running = false;
  }

  private void createDatabase() {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER,
        password); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database", e);
    }
  }

  synchronized void destroy() {
    try {
      if (running) {
        stop();
      }
    } finally {
      deleteRecursively(dir);
      try {
        java.lang.Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // Called from the hook itself.
      }
    }
  }

  private void destroyQuietly() {
    try {
      destroy();
    } catch (RuntimeException e) {
      System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e.getMessage());
    }
  }

  private void runAsOwner(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin} that has initdb and pg_ctl. */
  private static Optional<Path> binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(PostgresCluster::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void install() {
    Path script = projectRoot().resolve("scripts/install-postgres.sh");
    LOG.info("PostgreSQL server binaries not found: running {}", script);
    run(List.of("bash", script.toString()), INSTALL_TIMEOUT_SECONDS);
  }

  private static Path projectRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("scripts/install-postgres.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("scripts/install-postgres.sh not found above " + Path.of("").toAbsolutePath());
  }

  /**
   * {@code target/postgres-<random>} of this module; a temporary directory instead when, running as root, the
   * postgres user could not reach {@code target/} (a home directory without x for others).
   */
  private static Path workDirectory(boolean root) {
    try {
      Path target = Path.of("target").toAbsolutePath();
      Files.createDirectories(target);
      if (!root || reachableByPostgres(target)) {
        return Files.createTempDirectory(target, "postgres-");
      }
      LOG.info("the postgres user cannot reach {}: the test cluster goes to the temporary directory", target);
      return Files.createTempDirectory("mqtt-postgres-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a directory for the test PostgreSQL cluster", e);
    }
  }

  private static boolean reachableByPostgres(Path dir) {
    try {
      Process p = new ProcessBuilder("runuser", "-u", "postgres", "--", "test", "-x", dir.toString())
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command) {
    run(command, COMMAND_TIMEOUT_SECONDS);
  }

  /** Runs a command to completion; fails with its output when it exits non-zero or takes too long. */
  private static void run(List<String> command, long timeoutSeconds) {
    Path output = null;
    try {
      // Output to a file, not a pipe: a server started by the command must not keep the test waiting on EOF.
      output = Files.createTempFile("postgres-command-", ".log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n"
            + Files.readString(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // A temporary file; the OS cleans up.
        }
      }
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the test PostgreSQL directory {}: {}", root, e.toString());
    }
  }
}
