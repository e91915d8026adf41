package org.imegate.drs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/** The log file of one job ({@code <tarfile>_b.log} or {@code _r.log}), one timestamped line per step. */
final class JobLog implements AutoCloseable {
    private final Path file;
    private final Clock clock;
    private BufferedWriter out;

    JobLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            MasterAgentCore.TRACE.warn("cannot open job log {}: {}", file, e.toString());
        }
    }

    Path file() {
        return file;
    }

    synchronized void line(String text) {
        if (out == null) {
            return;
        }
        try {
            out.write(clock.instant() + " " + text);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            MasterAgentCore.TRACE.warn("cannot write job log {}: {}", file, e.toString());
            out = null;
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the job is over
            }
            out = null;
        }
    }
}
