package org.imegate.bench.srtprelay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * SRTP⇄RTP bridging through the appliance and through rtpengine, side by side, with a plain UDP forwarder
 * ({@link Forwarder}, a process of its own) as the latency baseline. Run by {@code itests/bench/srtp-relay.sh}, which starts the systems
 * and passes {@code key=value} arguments; prints the tables; asserts nothing.
 */
public final class SrtpRelayBench {

    /** A system under test: sets calls up and down, and names the process whose CPU time is measured. */
    interface Relay extends AutoCloseable {
        String name();

        boolean srtp();

        /** The relay process, or 0 when the relay runs in this JVM. */
        long pid();

        void setup(List<Call> calls) throws Exception;

        void teardown(List<Call> calls) throws Exception;

        @Override
        default void close() throws IOException {
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> cfg;
    private final int pps;
    private final double stepSeconds;
    private final double warmupSeconds;
    private final int maxCalls;
    private final double maxSeconds;
    private final int window;
    private final long drainMillis;
    private final int[] steps;
    private final String suite;
    private final String peerIp;
    private final String phoneIp;
    private final long clkTck;

    private SrtpRelayBench(Map<String, String> cfg) {
        this.cfg = cfg;
        this.pps = Integer.parseInt(cfg.getOrDefault("pps", "50"));
        this.stepSeconds = Double.parseDouble(cfg.getOrDefault("step.seconds", "6"));
        this.warmupSeconds = Double.parseDouble(cfg.getOrDefault("warmup.seconds", "4"));
        this.maxCalls = Integer.parseInt(cfg.getOrDefault("max.calls", "50"));
        this.maxSeconds = Double.parseDouble(cfg.getOrDefault("max.seconds", "4"));
        this.window = Integer.parseInt(cfg.getOrDefault("max.window", "4"));
        this.drainMillis = Long.parseLong(cfg.getOrDefault("drain.ms", "300"));
        String[] s = cfg.getOrDefault("steps", "10,50,100,200").split("[, ]+");
        this.steps = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            steps[i] = Integer.parseInt(s[i]);
        }
        this.suite = cfg.getOrDefault("suite", "AES_CM_128_HMAC_SHA1_80");
        this.peerIp = cfg.getOrDefault("peer.ip", "127.0.0.71");
        this.phoneIp = cfg.getOrDefault("phone.ip", "127.0.0.75");
        this.clkTck = Long.parseLong(cfg.getOrDefault("clk.tck", "100"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> cfg = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                System.err.println("arguments are key=value, not " + a);
                System.exit(2);
            }
            cfg.put(a.substring(0, eq), a.substring(eq + 1));
        }
        new SrtpRelayBench(cfg).run();
    }

    /** One printed row. */
    /**
     * @param idleCpuSeconds what the process spends without packets over the same wall time (its idle rate
     *     measured after the warm-up)
     */
    record Row(String step, String system, int calls, Load.Step measured, double cpuSeconds, double idleCpuSeconds,
            double setupMillisPerCall) {
    }

    private void run() throws Exception {
        List<Relay> systems = new ArrayList<>();
        systems.add(new Baseline(cfg.getOrDefault("forwarder.ip", "127.0.0.77")));
        for (String name : cfg.getOrDefault("systems", "imegate,rtpengine").split(",")) {
            switch (name.trim()) {
                case "imegate" -> systems.add(new Imegate());
                case "rtpengine" -> systems.add(new Rtpengine());
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown system " + name);
            }
        }
        int callsNeeded = maxCalls;
        for (int n : steps) {
            callsNeeded = Math.max(callsNeeded, n);
        }
        List<Row> rows = new ArrayList<>();
        for (Relay sys : systems) {
            try (sys) {
                rows.addAll(measure(sys, callsNeeded));
            }
        }
        print(rows);
    }

    private List<Row> measure(Relay sys, int callCount) throws Exception {
        List<Call> calls = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try {
            for (int i = 0; i < callCount; i++) {
                calls.add(new Call(i, peerIp, phoneIp, RANDOM));
            }
            long t0 = System.nanoTime();
            sys.setup(calls);
            double setupMs = (System.nanoTime() - t0) / 1e6 / callCount;
            System.out.printf(Locale.ROOT, "%s: %d calls set up, %.2f ms per call%n", sys.name(), callCount,
                    setupMs);
            try (Load load = new Load(calls, sys.srtp())) {
                load.run(100, callCount, pps, warmupSeconds, drainMillis);
                // the relay process's own CPU use without packets (timers, JIT, GC), after the warm-up
                long c0 = cpuTicks(sys.pid());
                long w0 = System.nanoTime();
                LockSupport.parkNanos(2_000_000_000L);
                double idle = (cpuTicks(sys.pid()) - c0) / (double) clkTck / ((System.nanoTime() - w0) / 1e9);
                int number = 1;
                for (int n : steps) {
                    rows.add(step(sys, load, number++, n + " x " + pps + " pps", n, pps, stepSeconds, idle, setupMs));
                }
                rows.add(step(sys, load, number, "max rate", maxCalls, 0, maxSeconds, idle, setupMs));
                if (load.receiverFailures() > 0) {
                    System.out.println(sys.name() + ": receiver failures " + load.receiverFailures());
                }
            }
            sys.teardown(calls);
        } finally {
            for (Call c : calls) {
                c.close();
            }
        }
        return rows;
    }

    private Row step(Relay sys, Load load, int number, String label, int calls, int rate, double seconds,
            double idle, double setupMs) throws IOException {
        long c0 = cpuTicks(sys.pid());
        long w0 = System.nanoTime();
        Load.Step s = rate > 0 ? load.run(number, calls, rate, seconds, drainMillis)
                : load.saturate(number, calls, window, seconds, drainMillis);
        long c1 = cpuTicks(sys.pid());
        double wall = (System.nanoTime() - w0) / 1e9;
        Row r = new Row(label, sys.name(), calls, s, (c1 - c0) / (double) clkTck, idle * wall, setupMs);
        System.out.printf(Locale.ROOT, "  %-9s %-16s sent %8d delivered %8d  p50 %7.0f us  p99 %7.0f us%n",
                sys.name(), label, s.sent(), s.delivered(), s.both().percentile(50), s.both().percentile(99));
        return r;
    }

    /** utime + stime of the process, all its threads, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private void print(List<Row> rows) {
        Map<String, Row> baseline = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.system().equals("baseline")) {
                baseline.put(r.step(), r);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "suite %s, %d-byte PCMA payload, one stream each way per call; "
                + "latency in us, + = minus the baseline's at the same step%n", suite, 160);
        System.out.printf(Locale.ROOT, "%-16s %-10s %9s %9s %6s %6s %6s %6s %6s %6s %9s %9s %9s%n", "step",
                "system", "offer pps", "deliv pps", "loss %", "p50", "p99", "+p50", "+p99", "CPU s", "CPU us/pk",
                "pps/core", "net/core");
        String last = null;
        for (Row r : orderByStep(rows)) {
            if (last != null && !last.equals(r.step())) {
                System.out.println();
            }
            last = r.step();
            Load.Step s = r.measured();
            double secs = s.nanos / 1e9;
            Load.Histogram h = s.both();
            Row b = baseline.get(r.step());
            double bp50 = b == null ? Double.NaN : b.measured().both().percentile(50);
            double bp99 = b == null ? Double.NaN : b.measured().both().percentile(99);
            boolean added = !r.system().equals("baseline");
            double loss = s.sent() == 0 ? 0 : 100.0 * (s.sent() - s.delivered()) / s.sent();
            double net = r.cpuSeconds() - r.idleCpuSeconds();
            System.out.printf(Locale.ROOT, "%-16s %-10s %9.0f %9.0f %6.2f %6.0f %6.0f %6s %6s %6.2f %9s %9s %9s%n",
                    r.step(), r.system(), s.sent() / secs, s.delivered() / secs, loss, h.percentile(50),
                    h.percentile(99), added ? fmt(h.percentile(50) - bp50) : "-",
                    added ? fmt(h.percentile(99) - bp99) : "-", r.cpuSeconds(),
                    s.delivered() > 0 ? String.format(Locale.ROOT, "%.1f", r.cpuSeconds() * 1e6 / s.delivered()) : "-",
                    r.cpuSeconds() > 0 ? String.format(Locale.ROOT, "%.0f", s.delivered() / r.cpuSeconds()) : "-",
                    net > 0 ? String.format(Locale.ROOT, "%.0f", s.delivered() / net) : "-");
        }
        System.out.println();
        System.out.println("per direction (in = SRTP from the Internet peer -> RTP to the phone; "
                + "out = RTP from the phone -> SRTP to the peer), latency p50/p99 us, loss %");
        System.out.printf(Locale.ROOT, "%-16s %-10s %17s %8s %17s %8s %9s %7s%n", "step", "system",
                "in p50/p99", "in loss", "out p50/p99", "out loss", "SRTP bad", "stale");
        for (Row r : orderByStep(rows)) {
            Load.Step s = r.measured();
            System.out.printf(Locale.ROOT, "%-16s %-10s %17s %8.2f %17s %8.2f %9d %7d%n", r.step(),
                    r.system(), pair(s.latency[Load.IN]), lossOf(s, Load.IN), pair(s.latency[Load.OUT]),
                    lossOf(s, Load.OUT), s.refused + s.unprotectable, s.stale);
        }
        System.out.println();
        System.out.println("CPU s = utime+stime of the relay process over the step and its drain (/proc/<pid>/stat);"
                + " pps/core = delivered / CPU s; net/core = delivered / (CPU s - the process's idle CPU over the"
                + " same time)");
        for (Row r : rows) {
            if (r.step().equals("max rate")) {
                double secs = r.measured().nanos / 1e9 + drainMillis / 1e3;
                System.out.printf(Locale.ROOT, "%s: call set-up %.2f ms per call; relay process idle CPU %.1f %% of a"
                        + " core after the warm-up%n", r.system(), r.setupMillisPerCall(),
                        100 * r.idleCpuSeconds() / secs);
            }
        }
        printResults(rows);
    }

    /**
     * One machine-readable line per figure, {@code RESULT <system>.<step>.<figure>=<value>}, step {@code calls<N>}
     * for the paced steps and {@code max} for the max rate; collected by itests/bench/run-all.
     */
    private void printResults(List<Row> rows) {
        System.out.println();
        for (Row r : orderByStep(rows)) {
            Load.Step s = r.measured();
            double secs = s.nanos / 1e9;
            String key = r.system() + "." + (r.step().equals("max rate") ? "max" : "calls" + r.calls());
            double loss = s.sent() == 0 ? 0 : 100.0 * (s.sent() - s.delivered()) / s.sent();
            double net = r.cpuSeconds() - r.idleCpuSeconds();
            System.out.printf(Locale.ROOT, "RESULT %s.offer_pps=%.0f%n", key, s.sent() / secs);
            System.out.printf(Locale.ROOT, "RESULT %s.deliv_pps=%.0f%n", key, s.delivered() / secs);
            System.out.printf(Locale.ROOT, "RESULT %s.loss_pct=%.2f%n", key, loss);
            System.out.printf(Locale.ROOT, "RESULT %s.p50_us=%.0f%n", key, s.both().percentile(50));
            System.out.printf(Locale.ROOT, "RESULT %s.p99_us=%.0f%n", key, s.both().percentile(99));
            System.out.printf(Locale.ROOT, "RESULT %s.pps_per_core=%.0f%n", key,
                    r.cpuSeconds() > 0 ? s.delivered() / r.cpuSeconds() : Double.NaN);
            System.out.printf(Locale.ROOT, "RESULT %s.net_pps_per_core=%.0f%n", key,
                    net > 0 ? s.delivered() / net : Double.NaN);
        }
    }

    private static List<Row> orderByStep(List<Row> rows) {
        List<String> order = new ArrayList<>();
        for (Row r : rows) {
            if (!order.contains(r.step())) {
                order.add(r.step());
            }
        }
        List<Row> sorted = new ArrayList<>();
        for (String s : order) {
            for (Row r : rows) {
                if (r.step().equals(s)) {
                    sorted.add(r);
                }
            }
        }
        return sorted;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.0f", v);
    }

    private static String pair(Load.Histogram h) {
        return String.format(Locale.ROOT, "%.0f/%.0f", h.percentile(50), h.percentile(99));
    }

    private static double lossOf(Load.Step s, int d) {
        return s.sent[d] == 0 ? 0 : 100.0 * (s.sent[d] - s.delivered[d]) / s.sent[d];
    }

    private String need(String key) {
        String v = cfg.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** The appliance: calls set up with SIP through the TLS proxy (the UAC behind stunnel), as production does. */
    private final class Imegate implements Relay {
        private final long pid = Long.parseLong(need("imegate.pid"));
        private final Sip.Uas uas = new Sip.Uas(address(need("sip.uas")));
        private final Map<Call, Sip.Message> answers = new HashMap<>();
        private Sip.Uac uac;

        Imegate() throws IOException {
        }

        @Override
        public String name() {
            return "imegate";
        }

        @Override
        public boolean srtp() {
            return true;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public void setup(List<Call> calls) throws Exception {
            String ticket = System.getenv("BENCH_TICKET");
            if (ticket == null || ticket.isBlank()) {
                throw new IllegalArgumentException("BENCH_TICKET (the IME ticket for the callee) is not set");
            }
            uac = new Sip.Uac(address(need("sip.stunnel")), need("sip.target"), need("callee"), ticket.trim());
            for (Call c : calls) {
                c.callId = "srtp-bench-" + c.index + "-" + Long.toHexString(RANDOM.nextLong());
                c.fromTag = "b" + Integer.toHexString(RANDOM.nextInt());
                uas.expect(c);
                String offer = Sdp.body("peer", peerIp, c.peerLocal().getPort(), "RTP/SAVP", c.offerLine(suite));
                Sip.Message ok = uac.invite(c, offer);
                Sdp answer = Sdp.parse(ok.body());
                c.relayOutside = answer.audio();
                c.answered(answer.crypto());
                if (c.relayInside == null) {
                    throw new IOException("the call agent did not see the INVITE of " + c.callId);
                }
                answers.put(c, ok);
            }
            if (uas.failure() != null) {
                throw new IOException("call agent: " + uas.failure(), uas.failure());
            }
        }

        @Override
        public void teardown(List<Call> calls) throws Exception {
            for (Call c : calls) {
                uac.bye(c, answers.get(c));
            }
        }

        @Override
        public void close() throws IOException {
            if (uac != null) {
                uac.close();
            }
            uas.close();
        }
    }

    /** rtpengine: calls set up with ng offer (SRTP from the peer, RTP/AVP toward the phone) and answer. */
    private final class Rtpengine implements Relay {
        private final long pid = Long.parseLong(need("rtpengine.pid"));
        private final Ng ng = new Ng(address(need("ng")));

        Rtpengine() throws IOException {
        }

        @Override
        public String name() {
            return "rtpengine";
        }

        @Override
        public boolean srtp() {
            return true;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public void setup(List<Call> calls) throws Exception {
            for (Call c : calls) {
                c.callId = "srtp-bench-" + c.index + "-" + Long.toHexString(RANDOM.nextLong());
                c.fromTag = "b" + Integer.toHexString(RANDOM.nextInt());
                c.toTag = "p" + Integer.toHexString(RANDOM.nextInt());
                String offer = Sdp.body("peer", peerIp, c.peerLocal().getPort(), "RTP/SAVP", c.offerLine(suite));
                Map<String, Object> o = ng.call(Ng.dict("command", "offer", "call-id", c.callId, "from-tag", c.fromTag,
                        "sdp", offer, "transport-protocol", "RTP/AVP", "ICE", "remove"));
                c.relayInside = Sdp.parse((String) o.get("sdp")).audio();
                String phone = Sdp.body("phone", phoneIp, c.phoneLocal().getPort(), "RTP/AVP", null);
                Map<String, Object> a = ng.call(Ng.dict("command", "answer", "call-id", c.callId, "from-tag", c.fromTag,
                        "to-tag", c.toTag, "sdp", phone, "ICE", "remove"));
                Sdp answer = Sdp.parse((String) a.get("sdp"));
                c.relayOutside = answer.audio();
                c.answered(answer.crypto());
            }
        }

        @Override
        public void teardown(List<Call> calls) throws Exception {
            for (Call c : calls) {
                ng.call(Ng.dict("command", "delete", "call-id", c.callId, "from-tag", c.fromTag));
            }
        }

        @Override
        public void close() {
            ng.close();
        }
    }

    /**
     * The baseline: {@link Forwarder}, a plain UDP forwarder in a JVM of its own (no SRTP), so that the same
     * sender, receiver and loopback path, through one process hop, are measured without a relay's work.
     */
    private static final class Baseline implements Relay {
        private final String ip;
        private Process process;

        Baseline(String ip) {
            this.ip = ip;
        }

        @Override
        public String name() {
            return "baseline";
        }

        @Override
        public boolean srtp() {
            return false;
        }

        @Override
        public long pid() {
            return process == null ? 0 : process.pid();
        }

        @Override
        public void setup(List<Call> calls) throws Exception {
            String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(launcher, "-Xmx128m", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), Forwarder.class.getName(), ip, String.valueOf(calls.size()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (Call c : calls) {
                String line = out.readLine();
                if (line == null) {
                    throw new IOException("the forwarder exited before listing its ports");
                }
                String[] f = line.trim().split(" ");
                c.relayOutside = new InetSocketAddress(ip, Integer.parseInt(f[0]));
                c.relayInside = new InetSocketAddress(ip, Integer.parseInt(f[1]));
            }
            if (!"ready".equals(out.readLine())) {
                throw new IOException("the forwarder did not get ready");
            }
        }

        @Override
        public void teardown(List<Call> calls) {
        }

        @Override
        public void close() throws IOException {
            if (process == null) {
                return;
            }
            process.getOutputStream().close();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
