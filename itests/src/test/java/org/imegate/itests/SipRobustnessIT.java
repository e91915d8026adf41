package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The UC-IME proxy's outside listener under hostile and unusual input: the RFC 4475 torture messages, each on
 * its own SIP/TLS connection with enterprise B's identity, and SIP verification (UND-15) of requests from a
 * remote enterprise (SIPp behind a stunnel client) that the call agent must never see.
 */
public class SipRobustnessIT {
    static final String CUCM = SipPeers.CUCM;
    /** No answer within the wait: the appliance dropped the message, waits for more octets, or closed. */
    static final int NONE = 0;
    private static final Duration READ_WAIT = Duration.ofMillis(1500);

    private static ApplianceProcess appliance;
    private static Path work;
    private static SipPeers peers;

    @Rule
    public Timeout timeout = new Timeout(400, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAndConfigure() throws Exception {
        peers = SipPeers.boot("robustness", "nonsecure");
        appliance = peers.appliance();
        work = peers.work();
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    /** One corpus file, the first final answer the RFC and the stream transport call for, and why. */
    record Row(String file, int expected, String why) {
    }

    /**
     * The expectations. Over a stream (RFC 3261 §18.3) Content-Length delimits the message; what the RFC
     * wants answered is answered on the same connection. A request the proxy relays goes to the call agent,
     * which is deliberately not running during the corpus: the proxy then answers 503 (RFC 3261 §16.9, a
     * transport error toward the next hop). The corpus carries no IME tickets, so its valid initial INVITEs
     * stop at the ticket gate with 403 (catalogue UND-01). Only the final response counts (a relayed INVITE sees 100 first).
     */
    static final List<Row> CORPUS = List.of(
            // 3.1.1 valid messages
            new Row("wsinv", 481, "3.1.1.1 valid; INVITE with a To tag for a dialog the proxy never saw: 481"),
            new Row("intmeth", 405, "3.1.1.2 valid; unknown method: the proxy relays only its method list, 405"),
            new Row("esc01", 403, "3.1.1.3 valid INVITE without an IME ticket: 403 from the ticket gate"),
            new Row("escnull", 405, "3.1.1.4 valid REGISTER: not a relayed method, 405"),
            new Row("esc02", 405, "3.1.1.5 valid; RE%47IST%45R is a method token of its own (not REGISTER): 405"),
            new Row("lwsdisp", 503, "3.1.1.6 valid OPTIONS, relayed"),
            new Row("longreq", 403, "3.1.1.7 valid INVITE with long values but no IME ticket: 403"),
            new Row("dblreq", 405, "3.1.1.8 REGISTER with Content-Length 0 (405); on a stream the trailing octets are"
                    + " the next message"),
            new Row("semiuri", 503, "3.1.1.9 valid OPTIONS, relayed"),
            new Row("transports", 503, "3.1.1.10 valid OPTIONS with unknown transports in Via, relayed"),
            new Row("mpart01", 405, "3.1.1.11 valid MESSAGE (multipart): not a relayed method, 405"),
            new Row("unreason", NONE, "3.1.1.12 a response matching no transaction: dropped"),
            new Row("noreason", NONE, "3.1.1.13 a response matching no transaction: dropped"),
            // 3.1.2 invalid messages
            new Row("badinv01", 400, "3.1.2.1 extraneous header field separators: 400"),
            new Row("clerr", NONE, "3.1.2.2 Content-Length 9999 on a stream: the receiver waits for the rest"),
            new Row("ncl", 400, "3.1.2.3 negative Content-Length: 400, and the stream is closed"),
            new Row("scalar02", 400, "3.1.2.4 overlarge CSeq and Max-Forwards: 400"),
            new Row("scalarlg", NONE, "3.1.2.5 a response with overlarge values: dropped"),
            new Row("quotbal", 400, "3.1.2.6 unterminated quoted string: 400"),
            new Row("ltgtruri", 400, "3.1.2.7 <> around the Request-URI: 400"),
            new Row("lwsruri", 400, "3.1.2.8 LWS inside the Request-URI: 400"),
            new Row("lwsstart", 400, "3.1.2.9 several SP between request-line elements: 400"),
            new Row("trws", 400, "3.1.2.10 SP at the end of the request line: 400"),
            new Row("escruri", 400, "3.1.2.11 escaped headers in the Request-URI: 400"),
            new Row("baddate", 403, "3.1.2.12 a non-GMT Date may be ignored; no IME ticket: 403"),
            new Row("regbadct", 400, "3.1.2.13 name-addr URI with ? not in <>: 400"),
            new Row("badaspec", 400, "3.1.2.14 spaces within addr-spec: 400"),
            new Row("baddn", 400, "3.1.2.15 non-token characters in a display name: 400"),
            new Row("badvers", 505, "3.1.2.16 SIP/7.0: 505"),
            new Row("mismatch01", 400, "3.1.2.17 CSeq method differs from the request method: 400"),
            new Row("mismatch02", 400, "3.1.2.18 unknown method with a CSeq mismatch: 400"),
            new Row("bigcode", NONE, "3.1.2.19 a response with status 4294967301: dropped"),
            // 3.2 transaction layer
            new Row("badbranch", 503, "3.2.1 OPTIONS with the bare magic cookie branch: valid, relayed"),
            // 3.3 application layer
            new Row("insuf", 400, "3.3.1 missing Call-ID, From, To, Max-Forwards: 400"),
            new Row("unkscm", 416, "3.3.2 unknown Request-URI scheme: 416"),
            new Row("novelsc", 416, "3.3.3 soap.beep Request-URI: 416"),
            new Row("unksm2", 405, "3.3.4 REGISTER with unknown schemes in header fields: parsed, REGISTER is 405"),
            new Row("bext01", 420, "3.3.5 Proxy-Require with an unknown option: a proxy MUST answer 420 Bad Extension"
                    + " (RFC 3261 §16.3 item 4, §20.29)"),
            new Row("invut", 415, "3.3.6 unknown Content-Type: 415"),
            new Row("regaut01", 405, "3.3.7 REGISTER with an unknown Authorization scheme: REGISTER is 405"),
            new Row("multi01", 400, "3.3.8 several values in single-value header fields: 400"),
            new Row("mcl01", 400, "3.3.9 two Content-Length values: 400, the stream cannot be delimited"),
            new Row("bcast", NONE, "3.3.10 a 200 whose Via matches nothing sent: dropped"),
            new Row("zeromf", 483, "3.3.11 OPTIONS with Max-Forwards 0: 483 (or 200 as UAS)"),
            new Row("cparam01", 405, "3.3.12 REGISTER: 405"),
            new Row("cparam02", 405, "3.3.13 REGISTER: 405"),
            new Row("regescrt", 405, "3.3.14 REGISTER: 405"),
            new Row("sdp01", 403, "3.3.15 Accept without application/sdp is for the UAS (406); first the missing IME ticket: 403"),
            // 3.4 backward compatibility
            new Row("inv2543", 400, "3.4.1 RFC 2543 INVITE without Content-Length: on a stream a framing error, 400"));

    @Test
    public void theRfc4475CorpusIsAnsweredAsTheRfcSaysAndTheListenerStillServesCalls() throws Exception {
        long pid = appliance.pid();
        assertNothingListens(new InetSocketAddress(CUCM, 5060));
        SSLContext context = peers.tlsContext("enterprise-b");
        List<String> differences = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (Row row : CORPUS) {
            byte[] message = corpusFile(row.file());
            int answer = exchange(context, message);
            table.append(String.format("%-11s expected %-4s got %-4s %s%n", row.file(), show(row.expected()), show(answer),
                    row.why()));
            if (answer != row.expected()) {
                differences.add(row.file() + ": expected " + show(row.expected()) + ", got " + show(answer) + " ("
                        + row.why() + ")");
            }
        }
        Files.writeString(work.resolve("rfc4475-results.txt"), table);
        assertTrue("the appliance's JVM died on the corpus", appliance.isRunning());
        assertEquals(pid, appliance.pid());

        // after the corpus the listener still carries a call end to end
        try (Peer cucm = peers.sipp("cucm-after-corpus", List.of("-sf", peers.scenario("uas-answer.xml"), "-t", "t1", "-i",
                CUCM, "-p", "5060", "-mi", CUCM, "-mp", "16300", "-rtp_echo", "-m", "1"));
             Peer tunnel = peers.stunnelClient("remote-b-corpus", "127.0.0.1:15063", "127.0.0.3:5061", "enterprise-b",
                     "enterprise-a.example")) {
            cucm.awaitListening(new InetSocketAddress(CUCM, 5060), Duration.ofSeconds(20));
            tunnel.awaitListening(new InetSocketAddress("127.0.0.1", 15063), Duration.ofSeconds(20));
            try (Peer remote = peers.sipp("remote-b-after-corpus", List.of("-sf", peers.scenario("uac-call.xml"), "-t",
                    "t1", "-i", "127.0.0.1", "-p", "5082", "-mi", "127.0.0.1", "-mp", "17300", "-key", "target",
                    "127.0.0.3:5061", "-key", "callee", "+14085551234", "-key", "tport", "TLS", "-d", "1000", "-m", "1",
                    "127.0.0.1:15063"))) {
                assertEquals("call after the corpus failed:\n" + remote.log() + "\nappliance:\n" + appliance.logTail(60),
                        0, remote.awaitExit(Duration.ofSeconds(60)));
            }
            assertEquals("call agent saw failures:\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(30)));
        }
        assertTrue("the appliance's JVM died", appliance.isRunning());
        assertEquals("the appliance's JVM changed", pid, appliance.pid());
        assertTrue("process " + pid + " is gone", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("answers that differ from RFC 4475 (full table in " + work.resolve("rfc4475-results.txt") + "):\n"
                + String.join("\n", differences) + "\n\n" + table, List.of(), differences);
    }

    @Test
    public void sipVerificationRefusesWhatTheCallAgentMustNotSee() throws Exception {
        long failures = peers.counter(SipPeers.UC_IME, "VerificationFailures");
        Path stat = work.resolve("cucm-verify-stat.csv");
        try (Peer cucm = peers.sipp("cucm-verify", List.of("-sf", peers.scenario("uas-video.xml"), "-t", "t1", "-i", CUCM,
                "-p", "5060", "-mi", CUCM, "-mp", "16400", "-m", "1", "-trace_stat", "-stf", stat.toString(), "-fd", "1"));
             Peer tunnel = peers.stunnelClient("remote-b-verify", "127.0.0.1:15062", "127.0.0.3:5061", "enterprise-b",
                     "enterprise-a.example")) {
            cucm.awaitListening(new InetSocketAddress(CUCM, 5060), Duration.ofSeconds(20));
            tunnel.awaitListening(new InetSocketAddress("127.0.0.1", 15062), Duration.ofSeconds(20));
            // (a) multipart body -> 415, (b) fax only -> 488, (d) BYE outside any dialog -> 481,
            // (e) MESSAGE -> 405 with Allow; each scenario fails unless exactly that answer arrives
            int port = 5083;
            for (String scenario : List.of("uac-multipart.xml", "uac-fax.xml", "uac-bye-nodialog.xml", "uac-message.xml")) {
                uac(scenario, port++, "1", 15062);
            }
            // (c) audio + H.264 video: the call completes, the call agent sees the video refused (port 0)
            uac("uac-video.xml", port, "1000", 15062);
            assertEquals("call agent saw failures or unexpected messages:\n" + cucm.log(), 0,
                    cucm.awaitExit(Duration.ofSeconds(30)));
        }
        assertEquals("the call agent received a request it must not see:\n" + Files.readString(stat), "0",
                lastStat(stat, "FailedUnexpectedMessage(C)"));
        assertEquals("1", lastStat(stat, "SuccessfulCall(C)"));
        assertEquals("1", lastStat(stat, "TotalCallCreated"));

        // four requests refused: 415, 488, 481, 405 (the ACKs of the two INVITE refusals belong to the proxy's
        // own server transactions, RFC 3261 §17.2.1, and are no verification failure)
        long now = peers.awaitCounter(SipPeers.UC_IME, "VerificationFailures", failures + 4, Duration.ofSeconds(10));

        String stats = peers.admin("uc-ime:show-signaling-sessions statistics");
        String[] lines = stats.split("\r?\n");
        assertTrue(stats, lines.length >= 11);
        assertTrue(stats, lines[0].matches("\\d+ in use, \\d+ most used"));
        assertTrue(stats, lines[0].startsWith("0 in use, "));
        assertTrue(stats, lines[1].matches("\\d+ terminated"));
        List<String> labels = List.of("Ticket integrity check failed", "Ticket decode failed", "Ticket epoch mismatch",
                "Ticket DID mismatch", "Ticket timestamp invalid", "Ticket domain check failed", "Ticket not found",
                "Route domain name check failed", "RTP over UC-IME");
        for (int i = 0; i < labels.size(); i++) {
            assertTrue(stats, lines[2 + i].matches("  " + labels.get(i) + ": \\d+"));
        }
        String extra = String.join("\n", Arrays.asList(lines).subList(11, lines.length));
        if (!extra.isEmpty()) {
            assertEquals(stats, "  SIP verification failures: " + now, extra);
        }
        // the fax INVITE opened a session that ended at once; the video call ended with its BYE
        long terminated = Long.parseLong(lines[1].substring(0, lines[1].indexOf(' ')));
        assertEquals(terminated, peers.counter(SipPeers.UC_IME, "Terminated"));
        assertTrue(stats, terminated >= 2);

        assertEquals("VerificationFailures before " + failures + ", after " + now, failures + 4,
                peers.counter(SipPeers.UC_IME, "VerificationFailures"));
    }

    // ------------------------------------------------------------------ helpers

    /** Runs one SIPp caller scenario to enterprise A through the stunnel client on {@code tunnelPort}. */
    private static void uac(String scenario, int port, String holdMs, int tunnelPort) throws Exception {
        String name = "remote-b-" + scenario.replace(".xml", "");
        try (Peer remote = peers.sipp(name, List.of("-sf", peers.scenario(scenario), "-t", "t1", "-i", "127.0.0.1", "-p",
                Integer.toString(port), "-mi", "127.0.0.1", "-mp", Integer.toString(17400 + 10 * (port - 5083)), "-key",
                "target", "127.0.0.3:5061", "-key", "callee", "+14085551234", "-key", "tport", "TLS", "-d", holdMs, "-m",
                "1", "127.0.0.1:" + tunnelPort))) {
            int exit = remote.awaitExit(Duration.ofSeconds(60));
            Path errors = work.resolve(name + "-errors.log");
            assertEquals(scenario + " did not get its answer:\n" + remote.log() + "\n"
                    + (Files.exists(errors) ? Files.readString(errors) : "") + "\nappliance:\n" + appliance.logTail(40),
                    0, exit);
        }
    }

    /** A column of the last line of a SIPp -trace_stat file (semicolon separated, with a header line). */
    private static String lastStat(Path file, String column) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertTrue(file + " is empty", lines.size() >= 2);
        List<String> header = Arrays.asList(lines.get(0).split(";"));
        int index = header.indexOf(column);
        assertTrue(column + " not in " + header, index >= 0);
        String[] last = lines.get(lines.size() - 1).split(";");
        return last[index].trim();
    }

    /**
     * Sends one message on a fresh TLS connection and returns the status code of the first final response read
     * back, the first response when only provisional ones arrive, or {@link #NONE} when nothing arrives within
     * the wait or the appliance closes the connection.
     */
    private static int exchange(SSLContext context, byte[] message) throws IOException {
        try (SSLSocket socket = SipPeers.connectOutside(context, READ_WAIT)) {
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int provisional = NONE;
            long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            for (int i = 0; i < 10 && System.nanoTime() < deadline; i++) {
                String response = SipPeers.readSipMessage(in, 65536);
                if (response == null) {
                    return provisional;
                }
                int code = SipPeers.statusOf(response);
                if (code < 0) {
                    fail("the appliance sent something that is not a response:\n" + response);
                }
                if (code >= 200) {
                    return code;
                }
                if (provisional == NONE) {
                    provisional = code;
                }
            }
            return provisional;
        }
    }

    private static byte[] corpusFile(String name) throws IOException {
        try (InputStream in = SipRobustnessIT.class.getResourceAsStream("/rfc4475/" + name + ".dat")) {
            assertNotNull(name, in);
            return in.readAllBytes();
        }
    }

    private static String show(int code) {
        return code == NONE ? "none" : Integer.toString(code);
    }

    private static void assertNothingListens(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 500);
            fail(address + " accepts connections: a call agent is running, the corpus expectations assume none");
        } catch (IOException expected) {
            // refused: the relayed requests will be answered 503
        }
    }
}
