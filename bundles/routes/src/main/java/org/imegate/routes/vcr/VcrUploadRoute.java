package org.imegate.routes.vcr;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.imegate.api.ime.VcrIntake;
import org.imegate.api.ime.VcrOutcome;
import org.imegate.api.ime.VcrResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel route {@code vcr-upload} (UND-25): the CDR file inbox. Call agents, or their CDR export, drop
 * {@code *.csv} files ({@link VcrCsv}) into the inbox directory; the file component polls it (oldest name
 * first, a file only once its size has stopped changing), hands every line to the IME server's
 * {@link VcrIntake} (the +E.164 check, idempotence, the minimum-interval rule and the durable validation
 * queue are there, shared with VAP UploadVCR) and moves the file to {@code done/} once every line has been
 * taken. Refused lines are listed with their reason in {@code done/<file>.rejected} and counted by the IME
 * server. A file the intake could not finish (the store failing) stays in the inbox and is read again, with
 * back-off, at a later poll; the lines already stored are then acknowledged as duplicates and stored once.
 * A file larger than {@value #MAX_FILE} bytes is refused whole.
 */
public final class VcrUploadRoute {
    private static final Logger LOG = LoggerFactory.getLogger(VcrUploadRoute.class);
    public static final String ROUTE_ID = "vcr-upload";
    /** Files bigger than this are refused whole. */
    public static final long MAX_FILE = 64L * 1024 * 1024;

    /** Files, lines stored and lines refused since start. */
    final AtomicLong files = new AtomicLong();
    final AtomicLong stored = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    private final CamelContext camel;
    private final Path inbox;
    private final VcrIntake intake;
    private final long pollMillis;

    public VcrUploadRoute(CamelContext camel, Path inbox, VcrIntake intake, long pollMillis) {
        this.camel = camel;
        this.inbox = inbox;
        this.intake = intake;
        this.pollMillis = pollMillis;
    }

    public void start() throws Exception {
        Files.createDirectories(inbox.resolve("done"));
        String uri = "file:" + inbox.toAbsolutePath() + "?include=.*\\.csv&sortBy=file:name&move=done"
                + "&readLock=changed&readLockCheckInterval=250&readLockMinAge=250&readLockTimeout=10000"
                + "&initialDelay=" + pollMillis + "&delay=" + pollMillis + "&maxMessagesPerPoll=100"
                + "&backoffErrorThreshold=1&backoffMultiplier=10";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the failure is logged once by file(); the consumer leaves the file for the next poll
                errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false));
                from(uri).routeId(ROUTE_ID).process(VcrUploadRoute.this::file);
            }
        });
        camel.start();
        LOG.info("VCR upload route started on {}", inbox);
    }

    public void stop() {
        try {
            camel.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the VCR upload route: {}", e.toString());
        }
    }

    public Path inbox() {
        return inbox;
    }

    /** Attempts that failed part way (the file stays in the inbox for the next poll). */
    public long failures() {
        return failures.get();
    }

    private void file(Exchange e) throws IOException {
        try {
            take(e);
        } catch (IOException | RuntimeException x) {
            failures.incrementAndGet();
            LOG.warn("VCR inbox: {} not finished, it stays in the inbox for the next poll: {}",
                    e.getIn().getHeader(Exchange.FILE_NAME, String.class), x.toString());
            throw x;
        }
    }

    /** One CDR file: every line to the intake, the refusals beside the processed file. */
    private void take(Exchange e) throws IOException {
        Path f = Path.of(e.getIn().getHeader(Exchange.FILE_PATH, String.class));
        String name = f.getFileName().toString();
        List<String> refusals = new ArrayList<>();
        int ok = 0;
        long size = Files.size(f);
        if (size > MAX_FILE) {
            refusals.add("file of " + size + " bytes exceeds " + MAX_FILE);
            intake.refuse("inbox:" + name, refusals.get(0));
        } else {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (VcrCsv.skipped(line, n)) {
                        continue;
                    }
                    String source = "inbox:" + name + ":" + n;
                    VcrCsv.Line l = VcrCsv.parse(line);
                    String why = l.refusal();
                    if (why != null) {
                        intake.refuse(source, why);
                    } else {
                        VcrResult result = intake.submit(l.vcr(), source);
                        why = result.outcome() == VcrOutcome.REJECTED ? result.reason() : null;
                    }
                    if (why == null) {
                        ok++;
                    } else {
                        refusals.add("line " + n + ": " + why);
                    }
                }
            }
        }
        Path done = Files.createDirectories(inbox.resolve("done"));
        Path rejected = done.resolve(name + ".rejected");
        if (refusals.isEmpty()) {
            Files.deleteIfExists(rejected);
        } else {
            Files.write(rejected, refusals, StandardCharsets.UTF_8);
        }
        files.incrementAndGet();
        stored.addAndGet(ok);
        refused.addAndGet(refusals.size());
        LOG.info("VCR inbox: {} processed, {} stored, {} refused", name, ok, refusals.size());
    }
}
