package org.imegate.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real peer program (SIPp, stunnel, ...) started by a test: output to a log file, stopped by its pid
 * in {@link #close()} whatever happened.
 */
public final class Peer implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private Peer(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir}, standard input closed, output into {@code dir/<name>.log}. */
    public static Peer start(String name, Path dir, List<String> command) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        return new Peer(name, p, log);
    }

    /** Waits until {@code address} accepts TCP connections, or fails with the peer's log. */
    public Peer awaitListening(InetSocketAddress address, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; attempt < 1000 && System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before listening:\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(address, 200);
                return this;
            } catch (IOException notYet) {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        throw new AssertionError(name + " did not listen on " + address + " within " + timeout + ":\n" + log());
    }

    /** Waits for the program to exit by itself; returns its exit code, or fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not finish within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    public String log() throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        // a daemon's workers (kamailio's children) go with it; any left after it exits are killed
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                c.destroyForcibly();
            }
        }
    }
}
