package org.imegate.ring.net;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imegate.ring.ChordNode;
import org.imegate.ring.NodeId;
import org.imegate.ring.OverlayConfig;
import org.imegate.ring.RingComponent;
import org.imegate.ring.RingRuntime;
import org.imegate.ring.RingSettings;
import org.imegate.ring.msg.Bodies;
import org.imegate.ring.msg.Codes;
import org.imegate.ring.msg.StoredData;

/**
 * A ring node in its own JVM, outside Karaf (lightweight nodes for tests and labs), driven by one-line
 * commands on standard input; each answer ends with a line ".".
 *
 * <pre>
 * java -cp imegate-ring.jar:imegate-api.jar:slf4j-api.jar org.imegate.ring.net.RingNodeMain \
 *   --listen 127.0.0.41:6084 --bootstrap 127.0.0.40:6084 --key node.key --cert node.pem --ca ca.pem \
 *   [--bootstrap-node --ca-key ca.key [--quota n] [--banned id,id] [--motd text] [--minimum-version v]] \
 *   [--stabilize-ms 1000]
 * </pre>
 *
 * Commands: {@code id}, {@code health}, {@code summary}, {@code store <rid hex> <vservice hex> <value hex> <lifetime s>},
 * {@code storekey <rid hex> <full key> <value hex>}, {@code fetch <rid hex>}, {@code raw <rid hex>},
 * {@code bench lookup|fetch <count> [rid hex]}, {@code quit}. Options {@code --store-rate}/{@code --fetch-rate}
 * set the storing side's rate limits (50/200 per second).
 * Keys are PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), certificates PEM.
 */
public final class RingNodeMain {

    private RingNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ("--bootstrap-node".equals(a)) {
                o.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                o.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
        }
        String listen = o.get("--listen");
        int colon = listen.lastIndexOf(':');
        X509Certificate cert = certificate(Path.of(o.get("--cert")));
        X509Certificate ca = certificate(Path.of(o.get("--ca")));
        PrivateKey key = key(Path.of(o.get("--key")), cert.getPublicKey().getAlgorithm());
        boolean boot = o.containsKey("--bootstrap-node");
        List<String> bootstraps = new ArrayList<>();
        for (String b : o.getOrDefault("--bootstrap", "").split(",")) {
            if (!b.isBlank()) {
                bootstraps.add(b.trim());
            }
        }
        RingSettings settings = RingSettings.defaults(boot).withSoftwareVersion(RingComponent.SOFTWARE_VERSION)
                .withStabilizeInterval(Duration.ofMillis(Long.parseLong(o.getOrDefault("--stabilize-ms", "1000"))))
                .withRates(Integer.parseInt(o.getOrDefault("--store-rate", "50")),
                        Integer.parseInt(o.getOrDefault("--fetch-rate", "200")));
        Optional<PrivateKey> caKey = boot ? Optional.of(key(Path.of(o.get("--ca-key")), ca.getPublicKey()
                .getAlgorithm())) : Optional.empty();
        long now = System.currentTimeMillis();
        Optional<OverlayConfig> overlay = boot ? Optional.of(new OverlayConfig(RingSettings.OVERLAY, now / 1000, now,
                java.util.Set.copyOf(List.of(o.getOrDefault("--banned", "").split(","))).stream()
                        .filter(s -> !s.isBlank()).collect(java.util.stream.Collectors.toSet()),
                o.getOrDefault("--motd", ""), o.getOrDefault("--minimum-version", "0"),
                Integer.parseInt(o.getOrDefault("--quota", "10000")))) : Optional.empty();
        RingRuntime rt = TlsNode.start(key, new X509Certificate[] {cert}, ca,
                InetAddress.getByName(listen.substring(0, colon)), Integer.parseInt(listen.substring(colon + 1)),
                bootstraps, settings, Duration.ofSeconds(30), caKey, overlay, Clock.systemUTC());
        ChordNode node = rt.node();
        System.out.println("READY " + node.id().hex() + " " + node.self().address());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        HexFormat hex = HexFormat.of();
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "id" -> System.out.println(node.id().hex());
                    case "health" -> System.out.println("health=" + rt.health() + " nodes=" + rt.nodeCount()
                            + " joined=" + node.joined() + " banned=" + node.banned() + " joinFailures=" + node.joinFailures()
                            + " lastJoinFailure=" + node.lastJoinFailure());
                    case "summary" -> rt.summary().forEach(System.out::println);
                    case "store" -> print(node.store(NodeId.ofHex(w[1]), node.id().hex() + "+" + w[2],
                            hex.parseHex(w[3]), Integer.parseInt(w[4]), System.currentTimeMillis()));
                    case "storekey" -> print(node.store(NodeId.ofHex(w[1]), w[2], hex.parseHex(w[3]), 600,
                            System.currentTimeMillis()));
                    case "fetch" -> print(node.fetch(NodeId.ofHex(w[1])));
                    case "bench" -> bench(node, w[1], Integer.parseInt(w[2]), w.length > 3 ? w[3] : null);
                    case "raw" -> {
                        List<StoredData> raw = node.raw(NodeId.ofHex(w[1]));
                        System.out.println("RAW " + raw.size());
                        raw.forEach(d -> System.out.println(d.key() + " " + hex.formatHex(d.value())));
                    }
                    case "quit" -> {
                        rt.close();
                        System.out.println(".");
                        System.out.flush();
                        return;
                    }
                    default -> System.out.println("ERROR unknown command " + w[0]);
                }
            } catch (RuntimeException e) {
                System.out.println("ERROR " + e);
            }
            System.out.println(".");
            System.out.flush();
        }
        rt.close();
    }

    /**
     * {@code bench lookup|fetch <count> [rid]}: that many routed lookups (PingReq to random Resource-IDs)
     * or fetches of {@code rid}, one after the other; prints count, failures, milliseconds, per second and
     * mean hops.
     */
    private static void bench(ChordNode node, String what, int count, String rid) {
        java.util.Random r = new java.util.Random();
        long t0 = System.nanoTime();
        int failed = 0;
        long hops = 0;
        for (int i = 0; i < count; i++) {
            ChordNode.Answer a = "fetch".equals(what) ? node.fetch(NodeId.ofHex(rid)) : node.lookup(NodeId.random(r));
            if (a.error()) {
                failed++;
            }
            hops += a.hops();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(java.util.Locale.ROOT, "BENCH %s count=%d failed=%d ms=%.0f perSecond=%.0f meanHops=%.2f%n",
                what, count, failed, ms, count * 1000 / ms, (double) hops / count);
    }

    private static void print(ChordNode.Answer a) {
        if (a.error()) {
            Bodies.ErrorAns e = a.errorAns();
            System.out.println("ERROR " + e.code() + " " + e.info());
        } else if (a.message().code() == Codes.STORE_ANS) {
            System.out.println("STORED replicas=" + Bodies.StoreAns.decode(a.message().body()).replicas().size()
                    + " hops=" + a.hops());
        } else if (a.message().code() == Codes.FETCH_ANS) {
            List<StoredData> v = Bodies.FetchAns.decode(a.message().body()).values();
            System.out.println("ENTRIES " + v.size() + " hops=" + a.hops());
            v.forEach(d -> System.out.println(d.key() + " " + HexFormat.of().formatHex(d.value())));
        } else {
            System.out.println(Codes.name(a.message().code()));
        }
    }

    static X509Certificate certificate(Path p) throws Exception {
        try (var in = Files.newInputStream(p)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static PrivateKey key(Path p, String algorithm) throws Exception {
        String pem = Files.readString(p, StandardCharsets.US_ASCII);
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException(p + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                .decode(b64)));
    }
}
