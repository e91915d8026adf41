package org.imegate.ime.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests (the Debian {@code postgresql} package; it is not installed
 * here): {@code initdb} into a new directory and {@code postgres} listening on 127.0.0.1 on a free port,
 * trust authentication for the role {@code ime}. PostgreSQL refuses to run as root, so under root it runs
 * as the {@code postgres} system user. Stopped by the postmaster's pid (SIGINT: fast shutdown).
 */
final class PostgresCluster implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private final Path dir;
    private final Path data;
    private final int port;
    private final Process process;

    private PostgresCluster(Path dir, Path data, int port, Process process) {
        this.dir = dir;
        this.data = data;
        this.port = port;
        this.process = process;
    }

    static Path bin(String tool) {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Path found = versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin").resolve(tool))
                    .filter(Files::isExecutable).findFirst().orElse(null);
            if (found != null) {
                return found;
            }
        } catch (IOException e) {
            // not in the Debian layout: PATH below
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path c = Path.of(p, tool);
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        throw new IllegalStateException(tool + " not found: install the Debian package postgresql (scripts/test-all does)");
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asOwner(List<String> command) {
        List<String> out = new ArrayList<>();
        if (root()) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(command);
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static PostgresCluster start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("imegate-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = dir.resolve("data");
        Path sockets = dir.resolve("sockets");
        Files.createDirectories(sockets);
        if (root()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
        }
        run(asOwner(List.of(bin("initdb").toString(), "-D", data.toString(), "-U", "ime", "--auth=trust",
                "--encoding=UTF8", "--no-sync")), dir);
        int port = freePort();
        Process p = new ProcessBuilder(asOwner(List.of(bin("postgres").toString(), "-D", data.toString(), "-p",
                Integer.toString(port), "-k", sockets.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=on"))).redirectErrorStream(true).redirectOutput(dir.resolve("postgres.log").toFile())
                .start();
        PostgresCluster c = new PostgresCluster(dir, data, port, p);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                c.close();
                throw new IllegalStateException("postgres exited: " + Files.readString(dir.resolve("postgres.log")));
            }
            if (Files.readString(dir.resolve("postgres.log")).contains("ready to accept connections")) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return c;
                } catch (IOException e) {
                    // listening any moment now
                }
            }
            p.waitFor(100, TimeUnit.MILLISECONDS);
        }
        c.close();
        throw new IllegalStateException("postgres did not start within " + START_TIMEOUT);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path log = Files.createTempFile("imegate-pg-cmd-", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** A JDBC URL of database {@code db}. */
    String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=ime";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Path pidFile = data.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            String pid = Files.readAllLines(pidFile).get(0).strip();
            new ProcessBuilder("kill", "-INT", pid).start().waitFor(10, TimeUnit.SECONDS);
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
