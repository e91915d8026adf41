package org.imegate.bench.ticket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.ticket.TicketCheck;
import org.imegate.api.ticket.TicketRequest;
import org.imegate.api.ticket.TicketVerdict;
import org.imegate.ticket.TicketServiceImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Ticket verification, single-threaded (one core): a valid ticket (every check runs) and a ticket whose
 * MAC does not verify (decode, epoch and MAC run). Throughput in verifications per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class TicketVerifyBenchmark {

    private TicketServiceImpl service;
    private TicketCheck valid;
    private TicketCheck badMac;

    /** Seals nothing: the benchmark never persists. */
    private static final class PlainBox implements SecretBox {
        @Override
        public String seal(byte[] secret) {
            return "ENC(" + Base64.getEncoder().encodeToString(secret) + ")";
        }

        @Override
        public byte[] open(String sealed) {
            return Base64.getDecoder().decode(sealed.substring(4, sealed.length() - 1));
        }
    }

    @Setup
    public void setUp() {
        service = new TicketServiceImpl(new PlainBox(), (epoch, sealed) -> { }, alert -> { });
        service.configure(7, "Bench!pa55-0123456789abcdefgh".toCharArray());
        Instant iat = Instant.parse("2026-01-15T10:00:00Z");
        String ticket = service.issue(new TicketRequest("enterprise-b.example", "enterprise-a.example",
                List.of("+14085550123"), iat));
        List<String> hosts = List.of("ucm.enterprise-a.example", "sbc.enterprise-a.example", "192.0.2.7");
        Instant now = iat.plusSeconds(86400);
        valid = new TicketCheck(ticket, "+14085550123", "enterprise-a.example", hosts, now);
        byte[] sig = Base64.getUrlDecoder().decode(ticket.substring(ticket.lastIndexOf('.') + 1));
        sig[0] ^= 1;
        String forged = ticket.substring(0, ticket.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        badMac = new TicketCheck(forged, "+14085550123", "enterprise-a.example", hosts, now);
        if (!service.verify(valid).valid() || service.verify(badMac).valid()) {
            throw new IllegalStateException("benchmark tickets are not what they should be");
        }
        if (!new String(ticket.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).equals(ticket)) {
            throw new IllegalStateException("ticket is not ASCII");
        }
    }

    @Benchmark
    public TicketVerdict valid() {
        return service.verify(valid);
    }

    @Benchmark
    public TicketVerdict badMac() {
        return service.verify(badMac);
    }
}
