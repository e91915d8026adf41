package org.imegate.bench.ime;

import static org.imegate.ime.vap.DraftVapClient.*;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.VapAuthMode;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.ime.EngineFixture;
import org.imegate.ime.ImeSettings;
import org.imegate.ime.VapServerConfig;
import org.imegate.ime.vap.DraftVapClient;
import org.imegate.ime.validator.ValidatorClient;

/**
 * VCR intake per second (durable: every acknowledged VCR is committed to H2 with WRITE_DELAY=0) and
 * validations per second (TLS-SRP with the RFC 5054 2048-bit group, ticket issued), on loopback.
 */
public final class ImeServerBenchmark {
    static final long VS = 0x1111222233334444L;

    public static void main(String[] args) throws Exception {
        int vcrs = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int validations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("ime-bench-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null,
                Map.of(ImeSettings.VALIDATOR_PORT, "0", ImeSettings.MIN_INTERVAL, "0", ImeSettings.MAX_DELAY, "86400",
                        ImeSettings.TLS_RATE, "10000", ImeSettings.TLS_CONCURRENT, "100"),
                List.of(VapServerConfig.create("cucm", port, VapAuthMode.AUTHENTICATED)))) {
            ime.tickets.configure(1, "BENCH-SECRET-0123456789".toCharArray());
            Instant base = Instant.now().minus(Duration.ofDays(1));
            // warm-up
            intakeOverVap(port, 1, 300, base.minusSeconds(100_000), "+1212");
            double one = intakeOverVap(port, 1, vcrs, base, "+1408");
            double four = intakeOverVap(port, 4, vcrs, base, "+1650");
            long t0 = System.nanoTime();
            for (int i = 0; i < vcrs; i++) {
                ime.engine.submit(new VoiceCallRecord(String.format("+1303%07d", i), "+17325550100",
                        base.plusSeconds(i), base.plusSeconds(i + 60), CallDirection.RECEIVED, VS), "bench");
            }
            double direct = vcrs / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("VCR intake, UploadVCR over VAP, 1 call agent:   %8.0f VCRs/s%n", one);
            System.out.printf("VCR intake, UploadVCR over VAP, 4 call agents:  %8.0f VCRs/s%n", four);
            System.out.printf("VCR intake, intake alone (no network):          %8.0f VCRs/s%n", direct);
            System.out.printf(Locale.ROOT, "RESULT intake.vap1_per_s=%.0f%n", one);
            System.out.printf(Locale.ROOT, "RESULT intake.vap4_per_s=%.0f%n", four);
            System.out.printf(Locale.ROOT, "RESULT intake.direct_per_s=%.0f%n", direct);

            // validations: terminating VCRs of numbers +1303..., the VService published by a call agent
            try (DraftVapClient c = new DraftVapClient(new Socket("127.0.0.1", port), EngineFixture.USER,
                    EngineFixture.PASSWORD)) {
                c.register("bench");
                c.request(PUBLISH, Attr.service(101, 4, VS, 1), Attr.u32(SERVICE_VERSION, 1),
                        new Attr(SERVICE_CONTENT, ("<service-description id=\"b\" schemaVersion=\"1.0\"><vservice>"
                                + "<DHTname>Quetzalcoatl</DHTname><DIDCount>1</DIDCount><domain>b.example</domain>"
                                + "<route><SIPURI>sip:t@b.example:5061;maddr=127.0.0.3;transport=tcp</SIPURI></route>"
                                + "</vservice></service-description>").getBytes(StandardCharsets.UTF_8)));
                String address = "127.0.0.1:" + ime.engine.validatorPort().orElseThrow();
                validate(address, 10, base);
                double seq = validate(address, validations, base);
                double par = validateParallel(address, validations, base, 2);
                System.out.printf("validations, TLS-SRP + ticket, 1 at a time:     %8.1f validations/s%n", seq);
                System.out.printf("validations, TLS-SRP + ticket, 2 at a time:     %8.1f validations/s%n", par);
                System.out.printf(Locale.ROOT, "RESULT validations.seq_per_s=%.1f%n", seq);
                System.out.printf(Locale.ROOT, "RESULT validations.par2_per_s=%.1f%n", par);
            }
        }
    }

    static double intakeOverVap(int port, int agents, int total, Instant base, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        AtomicInteger next = new AtomicInteger();
        List<DraftVapClient> clients = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            DraftVapClient c = new DraftVapClient(new Socket("127.0.0.1", port), EngineFixture.USER, EngineFixture.PASSWORD);
            c.register("bench-" + a);
            c.request(PUBLISH, Attr.service(101, 4, VS, a + 1), Attr.u32(SERVICE_VERSION, 1),
                    new Attr(SERVICE_CONTENT, ("<service-description id=\"a\" schemaVersion=\"1.0\"><vservice>"
                            + "<DHTname>Quetzalcoatl</DHTname><DIDCount>1</DIDCount><domain>a.example</domain>"
                            + "<route><SIPURI>sip:t@a.example:5061;maddr=127.0.0.2;transport=tcp</SIPURI></route>"
                            + "</vservice></service-description>").getBytes(StandardCharsets.UTF_8)));
            clients.add(c);
        }
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (DraftVapClient c : clients) {
            done.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    Instant s = base.plusSeconds(i);
                    Message r = c.request(UPLOAD_VCR, Attr.service(100, 3, VS, 0),
                            Attr.str(CALLED_NUM, String.format("%s%07d", prefix, i)),
                            Attr.str(CALLING_NUM, "+17325550100"), Attr.u64(START_TIME, ntp(s)),
                            Attr.u64(STOP_TIME, ntp(s.plusSeconds(60))), Attr.u32(CALL_DIRECTION, i % 2));
                    if (r.cls() != SUCCESS) {
                        throw new IllegalStateException(r.reason());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double rate = total / ((System.nanoTime() - t0) / 1e9);
        for (DraftVapClient c : clients) {
            c.close();
        }
        pool.shutdown();
        return rate;
    }

    static VoiceCallRecord originating(int i, Instant base) {
        return new VoiceCallRecord(String.format("+1303%07d", i), "+17325550100", base.plusSeconds(i).plusMillis(200),
                base.plusSeconds(i + 60), CallDirection.SENT, VS);
    }

    static double validate(String address, int n, Instant base) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ValidatorClient.Result r = ValidatorClient.validate(originating(i, base), address, "a.example",
                    Duration.ofSeconds(10));
            if (r.status() != ValidatorClient.Status.OK) {
                throw new IllegalStateException("validation " + i + ": " + r.status() + " " + r.detail());
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    static double validateParallel(String address, int n, Instant base, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    ValidatorClient.Result r = ValidatorClient.validate(originating(i, base), address, "a.example",
                            Duration.ofSeconds(10));
                    if (r.status() != ValidatorClient.Status.OK) {
                        throw new IllegalStateException("validation " + i + ": " + r.status());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
