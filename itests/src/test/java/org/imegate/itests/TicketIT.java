package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.ErrorCollector;
import org.junit.rules.Timeout;

/**
 * The ticket gate on inbound calls (catalogue UND-01/UND-02, TKT-30..37) with real peers: SIPp as enterprise B
 * behind a stunnel client that presents enterprise B's certificate, a second stunnel client presenting
 * enterprise C's certificate (same federation CA), and SIPp as the call agent. A valid ticket gets the call
 * through; every kind of bad ticket is answered 403 with a Reason header, counted exactly once under its cause
 * (JMX {@code org.imegate:type=sip,name=uc-ime} and {@code org.imegate:type=ticket,name=verifier}, and
 * {@code uc-ime:show-signaling-sessions statistics}), and never reaches the call agent.
 */
public class TicketIT {
    static final String CUCM = SipPeers.CUCM;
    /** The two remote enterprises' stunnel clients (plain TCP in, TLS to the appliance's outside listener). */
    static final String TUNNEL_B = "127.0.0.1:15261";
    static final String TUNNEL_C = "127.0.0.1:15262";
    /** Calls with a valid ticket, the only calls the call agent may see. */
    static final int VALID_CALLS = 2;
    /** The refusal counters: JMX attribute name (on both MBeans) -> label of the statistics output. */
    static final Map<String, String> CAUSES = new LinkedHashMap<>();

    static {
        CAUSES.put("TicketIntegrityCheckFailed", "Ticket integrity check failed");
        CAUSES.put("TicketDecodeFailed", "Ticket decode failed");
        CAUSES.put("TicketEpochMismatch", "Ticket epoch mismatch");
        CAUSES.put("TicketDIDMismatch", "Ticket DID mismatch");
        CAUSES.put("TicketTimestampInvalid", "Ticket timestamp invalid");
        CAUSES.put("TicketDomainCheckFailed", "Ticket domain check failed");
        CAUSES.put("TicketNotFound", "Ticket not found");
        CAUSES.put("RouteDomainNameCheckFailed", "Route domain name check failed");
    }

    private static ApplianceProcess appliance;
    private static Path work;
    private static SipPeers peers;
    private static Peer cucm;
    private static Peer tunnelB;
    private static Peer tunnelC;
    private static int localPort = 5180;

    @Rule
    public Timeout timeout = new Timeout(600, TimeUnit.SECONDS);

    @Rule
    public ErrorCollector errors = new ErrorCollector();

    @BeforeClass
    public static void startAndConfigure() throws Exception {
        Path dir = ImegateKarafSupport.buildDirectory().toPath().resolve("appliance");
        appliance = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), dir);
        work = Files.createTempDirectory(dir, "ticket-");
        try {
            appliance.start();
            peers = SipPeers.configure(appliance, work, "nonsecure");
            peers.ca().issue("enterprise-c", "enterprise-c.example");
            cucm = peers.sipp("cucm-uas", List.of("-sf", peers.scenario("uas-answer.xml"), "-t", "t1", "-i", CUCM,
                    "-p", "5060", "-mi", CUCM, "-mp", "16200", "-rtp_echo", "-m", Integer.toString(VALID_CALLS),
                    "-trace_msg", "-message_file", work.resolve("cucm-uas-messages.log").toString(),
                    "-trace_stat", "-stf", work.resolve("cucm-uas-stat.csv").toString(), "-fd", "1"));
            tunnelB = peers.stunnelClient("remote-b-out", TUNNEL_B, "127.0.0.3:5061", "enterprise-b",
                    "enterprise-a.example");
            tunnelC = peers.stunnelClient("remote-c-out", TUNNEL_C, "127.0.0.3:5061", "enterprise-c",
                    "enterprise-a.example");
            cucm.awaitListening(new InetSocketAddress(CUCM, 5060), Duration.ofSeconds(20));
            tunnelB.awaitListening(address(TUNNEL_B), Duration.ofSeconds(20));
            tunnelC.awaitListening(address(TUNNEL_C), Duration.ofSeconds(20));
        } catch (Throwable t) {
            stopPeersAndAppliance();
            throw t;
        }
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        stopPeersAndAppliance();
        assertFalse("Karaf JVM still running", appliance.isRunning());
    }

    private static void stopPeersAndAppliance() throws Exception {
        for (Peer p : new Peer[] {cucm, tunnelB, tunnelC}) {
            if (p != null) {
                p.close();
            }
        }
        if (appliance != null) {
            appliance.close();
        }
    }

    @Test
    public void aValidTicketGetsTheCallsThroughToTheCallAgent() throws Exception {
        Map<String, Long> before = counters();
        try (Peer remote = peers.sipp("remote-b-valid", List.of("-sf", peers.scenario("uac-call.xml"), "-t", "t1",
                "-i", "127.0.0.1", "-p", "5179", "-mi", "127.0.0.1", "-mp", "17200", "-key", "target", "127.0.0.3:5061",
                "-key", "callee", SipPeers.CALLED, "-key", "tport", "TLS", "-d", "1000", "-m",
                Integer.toString(VALID_CALLS), "-r", "2", TUNNEL_B))) {
            int rc = remote.awaitExit(Duration.ofSeconds(120));
            assertEquals("calls with a valid ticket failed:\n" + remote.log() + "\nappliance:\n" + appliance.logTail(60),
                    0, rc);
        }
        assertEquals("the call agent saw failures:\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(30)));
        Map<String, String> stat = lastStatistics(work.resolve("cucm-uas-stat.csv"));
        assertEquals(stat.toString(), Integer.toString(VALID_CALLS), stat.get("TotalCallCreated"));
        assertEquals(stat.toString(), Integer.toString(VALID_CALLS), stat.get("SuccessfulCall(C)"));
        assertEquals(stat.toString(), "0", stat.get("FailedCall(C)"));
        assertEquals(stat.toString(), "0", stat.get("FailedUnexpectedMessage(C)"));
        Path cucmErrors = work.resolve("cucm-uas-errors.log");
        String errorLog = Files.exists(cucmErrors) ? Files.readString(cucmErrors) : "";
        assertFalse("the call agent got unexpected messages:\n" + errorLog, errorLog.contains("nexpected"));

        Map<String, Long> after = counters();
        assertEquals("valid tickets", before.get("ticket:Valid") + VALID_CALLS, (long) after.get("ticket:Valid"));
        for (String cause : CAUSES.keySet()) {
            for (String mbean : List.of("sip:", "ticket:")) {
                assertEquals(mbean + cause + " moved on valid tickets", before.get(mbean + cause), after.get(mbean + cause));
            }
        }
    }

    @Test
    public void everyBadTicketIsRefusedWith403CountedOnceUnderItsCauseAndNeverReachesTheCallAgent() throws Exception {
        Map<String, Long> statisticsBefore = statisticsLines(admin("uc-ime:show-signaling-sessions statistics"));
        String valid = peers.ticket();
        String password = peers.ticketPasswordInForce();
        Instant now = Instant.now();
        String[] parts = valid.split("\\.");
        String garbledPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"iss\":\"enterprise-a.example\",\"sub\":\u0001\u00ff garbled".getBytes(
                        StandardCharsets.ISO_8859_1)) + "." + parts[2];

        List<Refusal> cases = new ArrayList<>();
        cases.add(new Refusal("no ticket header", "uac-ticket-missing.xml", valid, "127.0.0.1", TUNNEL_B,
                "TicketNotFound"));
        cases.add(new Refusal("random text", "uac-ticket-refused.xml", "x7Gq-this-is-not-a-ticket", "127.0.0.1",
                TUNNEL_B, "TicketDecodeFailed"));
        cases.add(new Refusal("JWS with a garbled payload", "uac-ticket-refused.xml", garbledPayload, "127.0.0.1",
                TUNNEL_B, "TicketDecodeFailed"));
        cases.add(new Refusal("epoch 2 ticket", "uac-ticket-refused.xml", Tickets.issue(password, 2,
                "enterprise-a.example", "enterprise-b.example", List.of(SipPeers.CALLED), now), "127.0.0.1", TUNNEL_B,
                "TicketEpochMismatch"));
        cases.add(new Refusal("ticket under another password", "uac-ticket-refused.xml", Tickets.issue(
                SipPeers.ticketPassword(), SipPeers.EPOCH, "enterprise-a.example", "enterprise-b.example",
                List.of(SipPeers.CALLED), now), "127.0.0.1", TUNNEL_B, "TicketIntegrityCheckFailed"));
        cases.add(new Refusal("expired ticket", "uac-ticket-refused.xml", Tickets.issue(password, SipPeers.EPOCH,
                "enterprise-a.example", "enterprise-b.example", List.of(SipPeers.CALLED),
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35))), "127.0.0.1", TUNNEL_B,
                "TicketTimestampInvalid"));
        cases.add(new Refusal("ticket not valid before an hour from now", "uac-ticket-refused.xml", Tickets.issue(
                password, SipPeers.EPOCH, "enterprise-a.example", "enterprise-b.example", List.of(SipPeers.CALLED),
                now.plus(Duration.ofHours(1))), "127.0.0.1", TUNNEL_B, "TicketTimestampInvalid"));
        cases.add(new Refusal("ticket issued to enterprise C, presented by enterprise B", "uac-ticket-refused.xml",
                Tickets.issue(password, SipPeers.EPOCH, "enterprise-a.example", "enterprise-c.example",
                        List.of(SipPeers.CALLED), now), "127.0.0.1", TUNNEL_B, "TicketDomainCheckFailed"));
        cases.add(new Refusal("ticket for another number", "uac-ticket-refused.xml", Tickets.issue(password,
                SipPeers.EPOCH, "enterprise-a.example", "enterprise-b.example", List.of("+14085559999"), now),
                "127.0.0.1", TUNNEL_B, "TicketDIDMismatch"));
        cases.add(new Refusal("valid ticket, From host evil.example", "uac-ticket-refused.xml", valid, "evil.example",
                TUNNEL_B, "RouteDomainNameCheckFailed"));
        cases.add(new Refusal("enterprise B's ticket replayed over enterprise C's connection", "uac-ticket-refused.xml",
                valid, "127.0.0.1", TUNNEL_C, "TicketDomainCheckFailed"));

        Map<String, Long> expectedStatistics = new LinkedHashMap<>(statisticsBefore);
        for (Refusal r : cases) {
            errors.checkSucceeds(() -> {
                refusedAndCountedOnce(r);
                return null;
            });
            String label = CAUSES.get(r.attribute);
            expectedStatistics.merge(label, 1L, Long::sum);
        }

        // the call agent's message trace: no refused INVITE ever reached it
        Path cucmTrace = work.resolve("cucm-uas-messages.log");
        String trace = Files.exists(cucmTrace) ? Files.readString(cucmTrace) : "";
        errors.checkThat("a refused INVITE reached the call agent:\n" + trace, trace.contains("refused-"),
                org.hamcrest.CoreMatchers.is(false));

        String statistics = admin("uc-ime:show-signaling-sessions statistics");
        Map<String, Long> shown = statisticsLines(statistics);
        for (String label : CAUSES.values()) {
            errors.checkThat(statistics, shown.get(label), org.hamcrest.CoreMatchers.is(expectedStatistics.get(label)));
        }
        errors.checkThat(statistics, shown.get("RTP over UC-IME"),
                org.hamcrest.CoreMatchers.is(statisticsBefore.get("RTP over UC-IME")));
        errors.checkThat("nine counter lines:\n" + statistics, shown.size(), org.hamcrest.CoreMatchers.is(9));
    }

    /** One refused INVITE: 403 with a Reason header, exactly its counter moved by one on both MBeans. */
    private void refusedAndCountedOnce(Refusal r) throws Exception {
        Map<String, Long> before = counters();
        String name = "refused-" + (localPort - 5179);
        int port = localPort++;
        Path logs = work.resolve(name + "-logs.log");
        List<String> args = List.of("-sf", peers.scenario(r.scenario), "-t", "t1", "-i", "127.0.0.1", "-p",
                Integer.toString(port), "-cid_str", "refused-%u-%p@%s", "-key", "target", "127.0.0.3:5061", "-key",
                "callee", SipPeers.CALLED, "-key", "tport", "TLS", "-key", "fromhost", r.fromHost, "-m", "1",
                "-recv_timeout", "10000", "-trace_logs", "-log_file", logs.toString(), r.tunnel);
        int rc;
        String log;
        try (Peer uac = peers.sipp(name, args, r.ticket)) {
            rc = uac.awaitExit(Duration.ofSeconds(60));
            log = uac.log();
        }
        Path errorFile = work.resolve(name + "-errors.log");
        String errorLog = Files.exists(errorFile) ? Files.readString(errorFile) : "";
        assertEquals(r.what + ": no 403 with a Reason header (SIPp exit " + rc + "):\n" + errorLog + "\n" + log
                + "\nappliance:\n" + appliance.logTail(40), 0, rc);
        String reason = Files.exists(logs) ? Files.readString(logs) : "";
        assertTrue(r.what + ": Reason header " + reason, reason.contains("cause=403"));

        Map<String, Long> after = awaitCounters("sip:" + r.attribute, before.get("sip:" + r.attribute) + 1,
                "ticket:" + r.attribute, before.get("ticket:" + r.attribute) + 1);
        for (String cause : CAUSES.keySet()) {
            long delta = cause.equals(r.attribute) ? 1 : 0;
            for (String mbean : List.of("sip:", "ticket:")) {
                assertEquals(r.what + ": " + mbean + cause + " (before " + before + ", after " + after + ")",
                        before.get(mbean + cause) + delta, (long) after.get(mbean + cause));
            }
        }
        assertEquals(r.what + ": verifications", before.get("ticket:Verifications") + 1,
                (long) after.get("ticket:Verifications"));
        assertEquals(r.what + ": valid", before.get("ticket:Valid"), after.get("ticket:Valid"));
    }

    private record Refusal(String what, String scenario, String ticket, String fromHost, String tunnel,
            String attribute) {
    }

    /** Every cause counter of both MBeans ({@code sip:<attr>}, {@code ticket:<attr>}) and the verifier's totals. */
    static Map<String, Long> counters() throws Exception {
        Map<String, Long> all = new LinkedHashMap<>();
        List<String> causes = new ArrayList<>(CAUSES.keySet());
        prefixed(all, "sip:", SipPeers.UC_IME, causes);
        List<String> verifier = new ArrayList<>(causes);
        verifier.addAll(List.of("Verifications", "Valid"));
        prefixed(all, "ticket:", SipPeers.TICKET, verifier);
        return all;
    }

    private static void prefixed(Map<String, Long> into, String prefix, ObjectName mbean, List<String> attributes)
            throws Exception {
        peers.counters(mbean, attributes).forEach((k, v) -> into.put(prefix + k, v));
    }

    /** Reads the counters until both named ones reach their values (5 s at most); returns the last reading. */
    static Map<String, Long> awaitCounters(String a, long atLeastA, String b, long atLeastB) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Map<String, Long> now = counters();
        for (int i = 0; i < 100 && (now.get(a) < atLeastA || now.get(b) < atLeastB) && System.nanoTime() < deadline;
                i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            now = counters();
        }
        return now;
    }

    /** The {@code "  <label>: <n>"} lines of the statistics output, SIP verification failures left out. */
    static Map<String, Long> statisticsLines(String text) {
        Map<String, Long> lines = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^  ([A-Za-z][A-Za-z -]*): ([0-9]+)\\s*$").matcher(text);
        while (m.find()) {
            if (!m.group(1).equals("SIP verification failures")) {
                lines.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return lines;
    }

    /** The last row of a SIPp -trace_stat file, column name -> value. */
    static Map<String, String> lastStatistics(Path csv) throws Exception {
        List<String> rows = Files.readAllLines(csv);
        assertTrue(csv + " has no statistics row", rows.size() >= 2);
        String[] names = rows.get(0).split(";");
        String[] values = rows.get(rows.size() - 1).split(";");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            m.put(names[i].trim(), values[i].trim());
        }
        return m;
    }

    static String admin(String command) throws Exception {
        return appliance.exec(ApplianceProcess.ADMIN, command);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
