package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * PSTN fallback end to end (catalogue §4, UND-03/05/06): a remote enterprise (SIPp behind stunnel, SIP/TLS)
 * calls the call agent (SIPp on the inside), which answers with its fallback sensitivity in
 * {@code X-Cisco-UC-IME-Fallback}; the remote's media is SRTP from a test sender that drops bursts and adds
 * jitter. The RTP monitor's metrics are compared with what was injected, and the call agent counts the REFERs
 * it receives: exactly one at Nominal after the hold-down timer, none at Disable, none when the stream
 * recovers before the timer expires.
 */
public class FallbackReferIT {
    static final String CUCM = SipPeers.CUCM;
    static final ObjectName FALLBACK = SipPeers.name("org.imegate:type=sip,name=fallback-notification");
    static final int HOLD_DOWN_S = 12;
    /** Packets 20-34 of every 50 (300 ms of every second) lost: 30 % loss in 15-packet bursts. */
    static final int BURST = 15;

    private static SipPeers peers;

    @Rule
    public Timeout timeout = new Timeout(240, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAndConfigure() throws Exception {
        peers = SipPeers.boot("fallback-refer", "nonsecure");
        peers.admin("uc-ime:no-inspect-sip inbound");
        peers.admin("uc-ime:no-inspect-sip outbound");
        peers.admin("uc-ime:uc-ime ent-a fallback hold-down timer " + HOLD_DOWN_S);
        peers.admin("uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime ent-a");
        peers.admin("uc-ime:inspect-sip outbound uc-ime ent-a tls-proxy local-to-remote");
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    /** Bursts of {@link #BURST} lost packets every second from {@code from} on, and up to 8 ms of jitter. */
    static SrtpSender.Plan bursts(int from, int until) {
        Random jitter = new Random(7);
        long[] delays = new long[60_000];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = TimeUnit.MICROSECONDS.toNanos(jitter.nextInt(8000));
        }
        return new SrtpSender.Plan() {
            @Override
            public boolean drop(int i) {
                return i >= from && i < until && i % 50 >= 20 && i % 50 < 20 + BURST;
            }

            @Override
            public long delayNanos(int i) {
                return delays[i % delays.length];
            }
        };
    }

    @Test
    public void atNominalAnImpairedCallIsReferredToTheCallAgentExactlyOnceAfterTheHoldDown() throws Exception {
        long before = peers.counter(FALLBACK, "TotalNotificationsSent");
        Call call = new Call("nominal", 3, 24_000, true);
        try (call) {
            call.start(bursts(0, Integer.MAX_VALUE));
            String degraded = call.awaitDetail(d -> d.contains("Failover_state               : 1"), Duration.ofSeconds(15));
            assertTrue(degraded, degraded.contains("RTP monitoring is enabled"));
            long atReferral = peers.awaitCounter(FALLBACK, "TotalNotificationsSent", before + 1, Duration.ofSeconds(40));
            assertEquals("no REFER after the hold-down timer:\n" + peers.appliance().logTail(40), before + 1, atReferral);
            String notified = call.awaitDetail(d -> d.contains("Failover_state               : 2"), Duration.ofSeconds(5));
            call.media.stop();
            // what the monitor measured against what the sender did
            String detail = call.awaitDetail(d -> metric(d, "Sum_all_packets") == call.media.sent(), Duration.ofSeconds(5));
            assertEquals(detail, call.media.sent(), metric(detail, "Sum_all_packets"));
            assertEquals(detail, 8, metric(detail, "Codec_payload_format"));
            assertEquals(detail, 20, metric(detail, "RTP_ptime_ms"));
            assertEquals(detail, BURST * 20, metric(detail, "Max_BLS_ms"));
            assertTrue(detail, metric(detail, "Max_call_interval_ms") >= BURST * 20);
            assertTrue("8 ms of jitter injected:\n" + detail, metric(detail, "Max_PDV_usec") >= 5000);
            assertTrue(detail, metric(detail, "Mov_avg_PDV_usec") > 0);
            assertTrue("a burst in every second:\n" + detail, metric(detail, "Concealed_sec_count") >= 10);
            // a burst is found when the packet after it arrives: one impaired tick per burst, one burst a second
            assertTrue(detail, metric(detail, "Total_ITE_count") >= 10);
            assertTrue(detail, metric(detail, "Max_ITE_count_in_8_sec") >= 7);
            assertTrue(detail, metric(detail, "Max_RBLR_pct_x100") > 4000);
            assertEquals(detail, 0, metric(detail, "Total_SequenceNumber_Resets"));
            assertTrue(notified, notified.contains("refcnt 3"));
            call.assertFinished(1);
        }
        assertEquals(before + 1, peers.counter(FALLBACK, "TotalNotificationsSent"));
        assertEquals(before + 1, peers.counter(FALLBACK, "NotificationsAccepted"));
        String stats = peers.admin("uc-ime:show-fallback-notification statistics");
        assertTrue(stats, stats.contains("UCM address: " + CUCM + "\nTotal Notifications Sent: " + (before + 1) + "\n"));
    }

    @Test
    public void atDisableTheSameImpairmentIsNotMonitoredAndNothingIsSent() throws Exception {
        long before = peers.counter(FALLBACK, "TotalNotificationsSent");
        Call call = new Call("disable", 0, HOLD_DOWN_S * 1000 + 6000, false);
        try (call) {
            call.start(bursts(0, Integer.MAX_VALUE));
            String detail = call.awaitDetail(d -> d.contains("RTP monitoring is"), Duration.ofSeconds(10));
            assertTrue(detail, detail.contains("RTP monitoring is disabled"));
            call.assertFinished(0);
        }
        assertEquals(before, peers.counter(FALLBACK, "TotalNotificationsSent"));
    }

    @Test
    public void aStreamThatRecoversBeforeTheHoldDownExpiresIsNotReferred() throws Exception {
        long before = peers.counter(FALLBACK, "TotalNotificationsSent");
        Call call = new Call("recovery", 3, HOLD_DOWN_S * 1000 + 8000, false);
        try (call) {
            // one burst of 300 ms at 1 s, then clean: degraded while the 8 s window holds the burst
            call.start(bursts(0, 50));
            call.awaitDetail(d -> d.contains("Failover_state               : 1"), Duration.ofSeconds(10));
            String recovered = call.awaitDetail(d -> d.contains("Failover_state               : 0"), Duration.ofSeconds(12));
            assertEquals(recovered, BURST * 20, metric(recovered, "Max_BLS_ms"));
            call.assertFinished(0);
        }
        assertEquals(before, peers.counter(FALLBACK, "TotalNotificationsSent"));
    }

    @Test
    public void theProxysSensitivityFileReplacesTheBuiltInLevels() throws Exception {
        ApplianceProcess box = peers.appliance();
        String builtin = Files.readString(box.path("etc", "ime-fallback-sensitivity.fbs"));
        Files.writeString(box.path("etc", "site-levels.fbs"), builtin.replace("module=org.imegate.fallback.default",
                "module=site.levels").replace("level.4.maxBlsMs=100", "level.4.maxBlsMs=140"));
        peers.admin("uc-ime:no-inspect-sip inbound");
        peers.admin("uc-ime:no-inspect-sip outbound");
        try {
            ApplianceProcess.Result missing = box.run(ApplianceProcess.ADMIN,
                    "uc-ime:uc-ime ent-a fallback sensitivity-file nowhere.fbs");
            assertTrue(missing.toString(), (missing.stdout + missing.stderr).contains(
                    "ERROR: fallback sensitivity-file nowhere.fbs does not exist in "));
            peers.admin("uc-ime:uc-ime ent-a fallback sensitivity-file site-levels.fbs");
            assertTrue(peers.admin("uc-ime:show-uc-ime").contains(" fallback sensitivity-file site-levels.fbs\n"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String shown = peers.admin("fallback:show-sensitivity moderate");
            for (int i = 0; i < 100 && !shown.contains("site-levels.fbs") && System.nanoTime() < deadline; i++) {
                LockSupport.parkNanos(200_000_000L);
                shown = peers.admin("fallback:show-sensitivity moderate");
            }
            assertTrue(shown, shown.matches("(?s).*\n4 +Moderate +site-levels\\.fbs +site\\.levels +2500 +6 +140 .*"));
        } finally {
            peers.admin("uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime ent-a");
            peers.admin("uc-ime:inspect-sip outbound uc-ime ent-a tls-proxy local-to-remote");
        }
    }

    static final String STRICT_NOMINAL = """
            # Nominal that tolerates at most 2 impaired ticks in 8 s
            version=1
            module=itest.hotswap
            level.3.name=Nominal strict
            level.3.maxRblrPctX100=4000
            level.3.maxIteIn8s=2
            level.3.maxBlsMs=200
            level.3.maxMovAvgPdvUs=50000
            level.3.maxConcealedSecPct=80
            """;

    @Test
    public void hundredCallsKeepTheirMediaWhileTheSensitivityModuleIsSwappedAndTheFallbackBundleUpdated()
            throws Exception {
        int calls = 100;
        long before = peers.counter(FALLBACK, "TotalNotificationsSent");
        Path work = peers.work();
        // one SDES key per call, handed to SIPp call by call (-inf, SEQUENTIAL: call n takes line n)
        try (SrtpSender media = new SrtpSender("127.0.0.1", calls);
             JMXConnector jmx = peers.appliance().jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            StringBuilder keys = new StringBuilder("SEQUENTIAL\n");
            for (int i = 0; i < calls; i++) {
                keys.append(media.cryptoAttribute(i)).append(";\n");
            }
            Path inf = Files.writeString(work.resolve("hotswap-keys.csv"), keys);
            Path uac = Files.writeString(work.resolve("uac-hold-keys.xml"),
                    Files.readString(Path.of(peers.scenario("uac-hold.xml"))).replace("[crypto]", "[field0]"));
            try (Peer cucm = peers.sipp("cucm-hotswap", List.of("-sf", peers.scenario("uas-fallback.xml"), "-t", "t1",
                    "-i", CUCM, "-p", "5060", "-mi", CUCM, "-mp", "16000", "-rtp_echo", "-key", "sensitivity", "3", "-key", "pt", "8", "-key", "codec", "PCMA",
                    "-m", Integer.toString(calls)));
                 Peer tunnel = peers.stunnelClient("remote-hotswap", "127.0.0.1:15061", "127.0.0.3:5061", "enterprise-b",
                         "enterprise-a.example")) {
                cucm.awaitListening(new InetSocketAddress(CUCM, 5060), Duration.ofSeconds(20));
                tunnel.awaitListening(new InetSocketAddress("127.0.0.1", 15061), Duration.ofSeconds(20));
                try (Peer remote = peers.sipp("remote-hotswap-uac", List.of("-sf", uac.toString(), "-inf", inf.toString(),
                        "-t", "t1", "-i", "127.0.0.1", "-p", "5080", "-mi", "127.0.0.1", "-mp", "17000", "-key", "target",
                        "127.0.0.3:5061", "-key", "callee", SipPeers.CALLED, "-key", "tport", "TLS", "-key", "profile",
                        "RTP/SAVP", "-d", "70000", "-m", Integer.toString(calls), "-r", "25", "-l",
                        Integer.toString(calls), "127.0.0.1:15061"))) {
                    try {
                        hotSwapUnderLoad(server, media, remote, calls);
                    } finally {
                        // the calls end by themselves, with their media (a call whose media stops would be referred)
                        try {
                            remote.awaitExit(Duration.ofSeconds(120));
                        } catch (AssertionError notEnded) {
                            // killed when the try-with-resources closes it
                        }
                    }
                    assertEquals("call agent's calls\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(90)));
                    assertEquals("remote enterprise's calls\n" + remote.log(), 0, remote.awaitExit(Duration.ofSeconds(30)));
                }
            }
        }
        assertEquals(before, peers.counter(FALLBACK, "TotalNotificationsSent"));
    }

    private static void hotSwapUnderLoad(MBeanServerConnection server, SrtpSender media, Peer remote, int calls)
            throws Exception {
        String prefix = "-" + remote.pid() + "@127.0.0.1";
        // every call answered: its media session's outside port, by SIPp call number
        Pattern session = Pattern.compile("Media-session: 127\\.0\\.0\\.3/(\\d+) :: client ip " + CUCM
                + "/16000\n Call ID: (\\d+)" + Pattern.quote(prefix) + "\n");
        String all = awaitSessions(server, d -> session.matcher(d).results().count() == calls,
                Duration.ofSeconds(60), "every call answered");
        InetSocketAddress[] targets = new InetSocketAddress[calls];
        session.matcher(all).results().forEach(r -> targets[Integer.parseInt(r.group(2)) - 1] =
                new InetSocketAddress("127.0.0.3", Integer.parseInt(r.group(1))));
        // one packet lost every 2 s: within Nominal, beyond a Nominal that allows 2 impaired ticks
        media.plan(new SrtpSender.Plan() {
            @Override
            public boolean drop(int i) {
                return i % 100 == 50;
            }

            @Override
            public long delayNanos(int i) {
                return 0;
            }
        });
        media.start(List.of(targets), 5000);
        awaitSessions(server, d -> states(d, prefix, 0, 8) == calls, Duration.ofSeconds(30),
                "8 s of media in every call, none degraded");

        swapAndRestore(server, prefix, calls, "hotswap-strict.fbs");
        String updated = peers.admin("bundle:update org.imegate.fallback");
        assertTrue(updated, !updated.contains("Error"));
        awaitSessions(server, d -> states(d, prefix, 0, 20) == calls, Duration.ofSeconds(30),
                "the calls monitored on after the bundle update");
        swapAndRestore(server, prefix, calls, "hotswap-strict-again.fbs");
        // the RTP monitor itself is replaced: every call's stream opens on the new one, media goes on
        String monitorUpdated = peers.admin("bundle:update org.imegate.rtpmonitor");
        assertTrue(monitorUpdated, !monitorUpdated.contains("Error"));
        awaitSessions(server, d -> states(d, prefix, 0, 3) == calls, Duration.ofSeconds(30),
                "every call monitored again by the new RTP monitor");
        // the media goes on until the calls end (media that stops in a call is a dead path); what
        // was sent up to here has had a second to come back
        int upTo = media.slot();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        int longest = 0;
        long missing = 0;
        long echoed = 0;
        long maxGap = 0;
        for (int i = 0; i < calls; i++) {
            SrtpSender.Echo e = media.echo(i, upTo);
            longest = Math.max(longest, e.longestMissingRun());
            missing += e.missing();
            echoed += e.echoed();
            maxGap = Math.max(maxGap, e.maxGapMs());
            assertTrue("call " + (i + 1) + ": " + e, e.sent() > 1000 && e.echoed() > 0);
        }
        System.out.printf("hot swap under load: %d calls, %d packets sent, %d came back, %d lost, longest loss"
                + " run %d packets, longest silence %d ms%n", calls, echoed + missing, echoed, missing, longest,
                maxGap);
        // a gap of one monitoring tick (100 ms) is 5 packets of 20 ms
        assertTrue("a media gap of " + longest + " packets", longest < 5);
    }

    /**
     * Drops a strict Nominal into deploy/: every call turns degraded at its next ticks; removing the file brings
     * the built-in Nominal back and every call recovers, before the hold-down timer lets any REFER go.
     */
    private static void swapAndRestore(MBeanServerConnection server, String prefix, int calls, String file)
            throws Exception {
        Path deploy = peers.appliance().path("deploy");
        Path tmp = Files.createDirectories(peers.appliance().path("data", "tmp"));
        Path staged = Files.writeString(tmp.resolve(file), STRICT_NOMINAL);
        Files.move(staged, deploy.resolve(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try {
            awaitSessions(server, d -> states(d, prefix, 1, 0) == calls, Duration.ofSeconds(20),
                    "every call degraded under " + file);
            String shown = peers.admin("fallback:show-sensitivity");
            assertTrue(shown, shown.contains(file));
        } finally {
            Files.deleteIfExists(deploy.resolve(file));
        }
        awaitSessions(server, d -> states(d, prefix, 0, 0) == calls, Duration.ofSeconds(10),
                "every call back to state 0 without " + file);
    }

    /** Calls of this SIPp whose Internet leg shows {@code Failover_state} {@code state} after {@code seconds} s. */
    static long states(String detail, String prefix, int state, int seconds) {
        Matcher m = Pattern.compile(" Call ID: \\d+" + Pattern.quote(prefix) + "\n(?:.*\n){5}"
                + " +Failover_state +: " + state + "\n(?:.*\n){10} +Total_sec_count +: (\\d+)\n").matcher(detail);
        return m.results().filter(r -> Long.parseLong(r.group(1)) >= seconds).count();
    }

    static String awaitSessions(MBeanServerConnection server, Predicate<String> condition, Duration timeout, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String d = "";
        for (int i = 0; i < 1000; i++) {
            d = (String) server.invoke(SipPeers.MEDIA, "showMediaSessions", new Object[] {true}, new String[] {"boolean"});
            if (condition.test(d)) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(200_000_000L);
        }
        int cut = d.length() > 4000 ? d.indexOf("Media-session", d.length() - 4000) : 0;
        throw new AssertionError("not reached within " + timeout + ": " + what + "; last (tail):\n" + d.substring(Math.max(cut, 0))
                + "\nappliance:\n" + peers.appliance().logTail(40));
    }

    static long metric(String detail, String name) {
        Matcher m = Pattern.compile("\\n +" + name + " +: (-?\\d+)\\n").matcher(detail);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * One call: the call agent (SIPp, answering with {@code sensitivity}), the remote enterprise (SIPp through
     * stunnel, holding the call {@code holdMs}), and the remote's SRTP media sender.
     */
    static final class Call implements AutoCloseable {
        final String name;
        final boolean expectRefer;
        final Path messages;
        final Peer cucm;
        final Peer tunnel;
        final SrtpSender media;
        final Peer remote;
        final JMXConnector jmx;
        final MBeanServerConnection server;

        Call(String name, int sensitivity, int holdMs, boolean expectRefer) throws Exception {
            this.name = name;
            this.expectRefer = expectRefer;
            messages = peers.work().resolve("cucm-" + name + "-messages.log");
            List<AutoCloseable> started = new java.util.ArrayList<>();
            try {
                cucm = start(started, peers.sipp("cucm-" + name, List.of("-sf", peers.scenario("uas-fallback.xml"), "-t", "t1", "-i", CUCM,
                    "-p", "5060", "-mi", CUCM, "-mp", "16000", "-key", "sensitivity", Integer.toString(sensitivity), "-key", "pt", "8", "-key", "codec", "PCMA",
                    "-m", expectRefer ? "2" : "1", "-trace_msg", "-message_file", messages.toString())));
                tunnel = start(started, peers.stunnelClient("remote-" + name, "127.0.0.1:15061", "127.0.0.3:5061",
                        "enterprise-b", "enterprise-a.example"));
                media = start(started, new SrtpSender("127.0.0.1"));
                cucm.awaitListening(new InetSocketAddress(CUCM, 5060), Duration.ofSeconds(20));
                tunnel.awaitListening(new InetSocketAddress("127.0.0.1", 15061), Duration.ofSeconds(20));
                remote = start(started, peers.sipp("remote-" + name + "-uac", List.of("-sf", peers.scenario("uac-hold.xml"),
                        "-t", "t1", "-i", "127.0.0.1", "-p", "5080", "-mi", "127.0.0.1", "-mp", "17000", "-key", "target",
                        "127.0.0.3:5061", "-key", "callee", SipPeers.CALLED, "-key", "tport", "TLS", "-key", "profile",
                        "RTP/SAVP", "-key", "crypto", media.cryptoAttribute(), "-d", Integer.toString(holdMs), "-m", "1",
                        "127.0.0.1:15061")));
                jmx = start(started, peers.appliance().jmx(ApplianceProcess.ADMIN));
                server = jmx.getMBeanServerConnection();
            } catch (Throwable t) {
                // whatever was started goes, by pid
                for (int i = started.size() - 1; i >= 0; i--) {
                    try {
                        started.get(i).close();
                    } catch (Exception e) {
                        t.addSuppressed(e);
                    }
                }
                throw t;
            }
        }

        private static <T extends AutoCloseable> T start(List<AutoCloseable> started, T resource) {
            started.add(resource);
            return resource;
        }

        /**
         * This call's Internet-leg block of {@code show uc-ime media-sessions detail} (SIPp's first Call-ID is
         * {@code 1-<pid>@<ip>}), or "" while it has none; sessions left by other calls are not looked at.
         */
        String detail() throws Exception {
            String all = (String) server.invoke(SipPeers.MEDIA, "showMediaSessions", new Object[] {true},
                    new String[] {"boolean"});
            int at = all.indexOf(" Call ID: 1-" + remote.pid() + "@127.0.0.1\n");
            if (at < 0) {
                return "";
            }
            int end = all.indexOf("\nMedia-session: ", at);
            return all.substring(all.lastIndexOf("Media-session: ", at), end < 0 ? all.length() : end + 1);
        }

        /** Polls the media-session detail every 100 ms until {@code condition} holds; fails after {@code timeout}. */
        String awaitDetail(Predicate<String> condition, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            String d = detail();
            for (int i = 0; i < 1000 && !condition.test(d); i++) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + ": the media sessions never matched; last:\n" + d + "\nappliance:\n"
                            + peers.appliance().logTail(30));
                }
                LockSupport.parkNanos(100_000_000L);
                d = detail();
            }
            return d;
        }

        /** Once the call is answered, sends the media to the appliance's outside address of this call. */
        void start(SrtpSender.Plan plan) throws Exception {
            String d = awaitDetail(s -> s.contains(":: client ip " + CUCM + "/16000"), Duration.ofSeconds(20));
            Matcher m = Pattern.compile("Media-session: (127\\.0\\.0\\.3)/(\\d+) :: client ip " + CUCM).matcher(d);
            assertTrue(d, m.find());
            media.plan(plan);
            media.start(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))), 3000);
        }

        /** Both SIPp ran their calls without a failure, and the call agent received {@code refers} REFERs. */
        void assertFinished(int refers) throws Exception {
            assertEquals(name + ": remote enterprise\n" + remote.log(), 0, remote.awaitExit(Duration.ofSeconds(60)));
            assertEquals(name + ": call agent\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(30)));
            String log = Files.exists(messages) ? Files.readString(messages) : "";
            int seen = 0;
            for (int i = log.indexOf("REFER sip:"); i >= 0; i = log.indexOf("REFER sip:", i + 1)) {
                seen++;
            }
            assertEquals(name + ": REFERs received by the call agent", refers, seen);
        }

        /**
         * Lets the remote enterprise end its call (media still flowing: a call whose media stops is a dead path
         * and would be referred later, in another test), then stops whatever still runs, by pid.
         */
        @Override
        public void close() throws Exception {
            try {
                remote.awaitExit(Duration.ofSeconds(90));
            } catch (AssertionError notEnded) {
                // killed below
            }
            try {
                media.close();
            } finally {
                try {
                    remote.close();
                } finally {
                    try {
                        cucm.close();
                    } finally {
                        try {
                            tunnel.close();
                        } finally {
                            jmx.close();
                        }
                    }
                }
            }
        }
    }
}
