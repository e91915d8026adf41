package org.imegate.ime.vcr;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.VcrIntake;
import org.imegate.api.ime.VcrOutcome;
import org.imegate.api.ime.VcrResult;
import org.imegate.api.ime.VoiceCallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDR file inbox: call agents (or their CDR export) drop {@code *.csv} files into a directory; each
 * line is one VCR given to the {@link VcrIntake}. A file is moved to {@code done/} once every line is
 * stored (a crash before that replays it, and the intake's idempotence drops the lines already
 * stored); refused lines are written to {@code done/<file>.rejected} with the reason.
 *
 * <p>Layout (UTF-8, one record a line; empty lines and lines starting with {@code #} are skipped; an
 * optional first line {@code direction,called,calling,start,stop,vserviceid} is a header):
 * <pre>
 * direction,called,calling,start,stop,vserviceid
 * sent,+14085551212,+17325550100,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,3834353762636435
 * </pre>
 * {@code direction} is {@code sent} (1, originating) or {@code received} (0, terminating); numbers are
 * +E.164 (calling may be empty); times are ISO-8601 UTC instants; {@code vserviceid} is the VService's
 * 16 hexadecimal digits. Write a file under another name and rename it to {@code .csv} when complete,
 * so that it is never read half written.
 */
public final class VcrInbox {
    private static final Logger LOG = LoggerFactory.getLogger(VcrInbox.class);
    /** The header line. */
    public static final String HEADER = "direction,called,calling,start,stop,vserviceid";
    /** Files bigger than this are refused whole (moved to done/ with a .rejected note). */
    static final long MAX_FILE = 64L * 1024 * 1024;
    /** Lines longer than this are refused. */
    static final int MAX_LINE = 1024;

    private final Path directory;
    private final VcrIntake intake;
    private final org.imegate.ime.ImeCounters counters;

    /** Totals of one scan. */
    public record Scan(int files, int stored, int rejected) {
    }

    public VcrInbox(Path directory, VcrIntake intake, org.imegate.ime.ImeCounters counters) {
        this.directory = directory;
        this.intake = intake;
        this.counters = counters;
    }

    public Path directory() {
        return directory;
    }

    /** Processes every {@code *.csv} file present, oldest name first. */
    public synchronized Scan scan() throws IOException {
        Files.createDirectories(directory.resolve("done"));
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.csv")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        int stored = 0;
        int rejected = 0;
        for (Path f : files) {
            List<String> refusals = new ArrayList<>();
            int ok = 0;
            if (Files.size(f) > MAX_FILE) {
                refusals.add("file of " + Files.size(f) + " bytes exceeds " + MAX_FILE);
            } else {
                try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    String line;
                    int n = 0;
                    while ((line = r.readLine()) != null) {
                        n++;
                        String t = line.strip();
                        if (t.isEmpty() || t.startsWith("#") || (n == 1 && t.equalsIgnoreCase(HEADER))) {
                            continue;
                        }
                        String why = line(t, f.getFileName() + ":" + n);
                        if (why == null) {
                            ok++;
                        } else {
                            refusals.add("line " + n + ": " + why);
                        }
                    }
                }
            }
            Path done = directory.resolve("done").resolve(f.getFileName());
            if (!refusals.isEmpty()) {
                Files.write(directory.resolve("done").resolve(f.getFileName() + ".rejected"), refusals,
                        StandardCharsets.UTF_8);
            }
            Files.move(f, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("VCR inbox: {} processed, {} stored, {} refused", f.getFileName(), ok, refusals.size());
            stored += ok;
            rejected += refusals.size();
        }
        return new Scan(files.size(), stored, rejected);
    }

    /** Takes one record; null when stored, else why not. */
    private String line(String line, String source) {
        String why = parse(line, source);
        if (why != null && why.startsWith(UNPARSED)) {
            counters.vcrUploadRequests.increment();
            counters.vcrsRejected.increment();
            return why.substring(UNPARSED.length());
        }
        return why;
    }

    private static final String UNPARSED = "\u0000";

    private String parse(String line, String source) {
        if (line.length() > MAX_LINE) {
            return UNPARSED + "longer than " + MAX_LINE + " characters";
        }
        String[] f = line.split(",", -1);
        if (f.length != 6) {
            return UNPARSED + "expected 6 fields (" + HEADER + "), found " + f.length;
        }
        CallDirection d = switch (f[0].strip().toLowerCase(Locale.ROOT)) {
            case "sent", "1" -> CallDirection.SENT;
            case "received", "0" -> CallDirection.RECEIVED;
            default -> null;
        };
        if (d == null) {
            return UNPARSED + "direction " + f[0].strip() + " is not sent or received";
        }
        Instant start;
        Instant stop;
        try {
            start = Instant.parse(f[3].strip());
            stop = Instant.parse(f[4].strip());
        } catch (DateTimeParseException e) {
            return UNPARSED + "start or stop is not an ISO-8601 instant (2026-11-21T10:00:00Z)";
        }
        long vs;
        try {
            if (f[5].strip().length() != 16) {
                return UNPARSED + "vserviceid must be 16 hexadecimal digits";
            }
            vs = Long.parseUnsignedLong(f[5].strip(), 16);
        } catch (NumberFormatException e) {
            return UNPARSED + "vserviceid must be 16 hexadecimal digits";
        }
        VcrResult r = intake.submit(new VoiceCallRecord(f[1].strip(), f[2].strip(), start, stop, d, vs), "inbox:" + source);
        return r.outcome() == VcrOutcome.REJECTED ? r.reason() : null;
    }
}
