package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.After;
import org.junit.Test;

/**
 * The distributed cache ring over TLS between five ring nodes in separate JVMs (the ring bundle's
 * {@code RingNodeMain}) on 127.0.0.160-164 (intruders on .165, .166), port 6084, certificates from an openssl enrollment CA: the
 * ring forms from one bootstrap node; a number published by one node is found by every other; the
 * storing nodes hold only a hash and an AES-GCM sealed value; a node killed with SIGKILL does not stop
 * lookups (replicas) and rejoins when restarted; overwriting another node's entry is refused; a node
 * with a certificate from another CA and a banned node cannot join.
 */
public class RingIT {
    private static final int PORT = 6084;
    private static final String NUMBER = "+14085550100";
    private final List<Node> nodes = new ArrayList<>();
    private Path dir;

    /** One ring node JVM driven over stdin/stdout. */
    private final class Node implements AutoCloseable {
        final String name;
        final String address;
        final List<String> args;
        Process process;
        PrintWriter in;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        String id;

        Node(String name, String address, List<String> args) {
            this.name = name;
            this.address = address;
            this.args = args;
        }

        Node start() throws Exception {
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx128m", "-cp", classpath(),
                    "org.imegate.ring.net.RingNodeMain", "--listen", address + ":" + PORT, "--stabilize-ms", "1000"));
            cmd.addAll(args);
            lines.clear();
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Process p = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        log.add(l);
                        if (!l.startsWith("[")) {
                            lines.add(l);
                        }
                    }
                } catch (java.io.IOException e) {
                    log.add("reader: " + e);
                }
            }, "ring-it " + name);
            t.setDaemon(true);
            t.start();
            String ready = next(30);
            assertTrue(name + " did not start: " + ready + " " + log, ready != null && ready.startsWith("READY "));
            id = ready.split(" ")[1];
            return this;
        }

        String next(int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                String l = lines.poll(200, TimeUnit.MILLISECONDS);
                if (l != null && !l.startsWith("SLF4J")) {
                    return l;
                }
                if (!process.isAlive() && lines.isEmpty()) {
                    return null;
                }
            }
            return null;
        }

        List<String> cmd(String c) throws InterruptedException {
            in.println(c);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String l = next(20);
                if (l == null) {
                    throw new AssertionError(name + ": no answer to " + c + " " + out + " " + log);
                }
                if (".".equals(l)) {
                    return out;
                }
                out.add(l);
            }
            throw new AssertionError(name + ": answer to " + c + " too long");
        }

        /** Repeats {@code c} until {@code ok} holds for its answer (deadline {@code seconds}). */
        List<String> await(String c, Predicate<List<String>> ok, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<String> last = List.of();
            for (int i = 0; i < 1000 && System.nanoTime() < end; i++) {
                last = cmd(c);
                if (ok.test(last)) {
                    return last;
                }
                lines.poll(250, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError(name + ": " + c + " never satisfied, last " + last);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath() throws Exception {
        List<String> cp = new ArrayList<>();
        for (String c : List.of("org.imegate.ring.net.RingNodeMain", "org.imegate.api.ime.cache.DistributedCache",
                "org.slf4j.Logger")) {
            cp.add(new File(Class.forName(c).getProtectionDomain().getCodeSource().getLocation().toURI()).getPath());
        }
        return String.join(File.pathSeparator, cp);
    }

    private Node node(String name, String address, String... args) {
        Node n = new Node(name, address, List.of(args));
        nodes.add(n);
        return n;
    }

    private List<String> nodeArgs(OpensslCa ca, String name) {
        return List.of("--key", ca.keyOf(name).toString(), "--cert", dir.resolve("ca").resolve(name + ".pem").toString(),
                "--ca", ca.certificate().toString());
    }

    private static String nodeIdOf(Path certPem) throws Exception {
        try (var in = Files.newInputStream(certPem)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest(c.getPublicKey().getEncoded()), 16));
        }
    }

    /** VAP §9.4.2 Resource-ID: least significant 128 bits of SHA-1 of the number. */
    private static String resourceId(String number) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-1").digest(number.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(Arrays.copyOfRange(h, 4, 20));
    }

    /** The value as the IME server seals it: AES-256-GCM under a key derived from the number (HKDF-SHA-256). */
    private static byte[] numberKey(String number) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("imegate-ring-value".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        byte[] prk = mac.doFinal(number.getBytes(StandardCharsets.US_ASCII));
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update("ring value v1".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 1);
        return mac.doFinal();
    }

    private static byte[] seal(String number, byte[] plain) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(numberKey(number), "AES"), new GCMParameterSpec(128, nonce));
        byte[] ct = c.doFinal(plain);
        byte[] out = new byte[1 + 12 + ct.length];
        out[0] = 1;
        System.arraycopy(nonce, 0, out, 1, 12);
        System.arraycopy(ct, 0, out, 13, ct.length);
        return out;
    }

    private static byte[] open(String number, byte[] sealed) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(numberKey(number), "AES"), new GCMParameterSpec(128, sealed, 1, 12));
        return c.doFinal(sealed, 13, sealed.length - 13);
    }

    private static boolean joinedRingOf(List<String> health, int n) {
        return !health.isEmpty() && health.get(0).startsWith("health=2 nodes=" + n + " ");
    }

    @After
    public void stopAll() throws InterruptedException {
        for (Node n : nodes) {
            n.close();
        }
    }

    @Test
    public void fiveNodesFormARingPublishFetchSurviveAKillAndRefuseIntruders() throws Exception {
        dir = Files.createDirectories(Path.of(System.getProperty("project.build.directory", "target"), "ring-it",
                UUID.randomUUID().toString()));
        OpensslCa ca = new OpensslCa(dir.resolve("ca"), "imegate ring enrollment CA");
        for (String n : List.of("boot", "n1", "n2", "n3", "n4", "banned")) {
            ca.issue(n, n + ".ring.example");
        }
        OpensslCa rogue = new OpensslCa(dir.resolve("rogue"), "rogue CA");
        rogue.issue("intruder", "intruder.example");
        String bannedId = nodeIdOf(dir.resolve("ca").resolve("banned.pem"));

        List<String> bootArgs = new ArrayList<>(nodeArgs(ca, "boot"));
        bootArgs.addAll(List.of("--bootstrap-node", "--ca-key", ca.key().toString(), "--banned", bannedId, "--motd",
                "welcome"));
        Node boot = node("boot", "127.0.0.160", bootArgs.toArray(String[]::new)).start();
        List<Node> peers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            List<String> a = new ArrayList<>(nodeArgs(ca, "n" + i));
            a.addAll(List.of("--bootstrap", "127.0.0.160:" + PORT));
            peers.add(node("n" + i, "127.0.0.16" + i, a.toArray(String[]::new)));
        }
        for (Node p : peers) {
            p.start();
        }
        List<Node> ring = new ArrayList<>(peers);
        ring.add(0, boot);
        for (Node n : ring) {
            n.await("health", h -> joinedRingOf(h, 5), 60);
        }
        List<String> summary = peers.get(0).cmd("summary");
        assertEquals("Peer ID = " + peers.get(0).id, summary.get(0));
        assertEquals("DHT Health....................... = GREEN", summary.get(1));
        assertEquals("BootStrap: " + boot.id, summary.get(2));

        // n1 publishes the number: Resource-ID = hash of the number, value sealed with a key from the number
        Node writer = peers.get(0);
        String rid = resourceId(NUMBER);
        byte[] plain = ("peerID=" + writer.id + ";validator=127.0.0.161:8470").getBytes(StandardCharsets.US_ASCII);
        String value = HexFormat.of().formatHex(seal(NUMBER, plain));
        List<String> stored = writer.cmd("store " + rid + " 7eeb6a7036478351 " + value + " 3600");
        assertEquals(List.of("STORED replicas=2"), List.of(stored.get(0).replaceAll(" hops=.*", "")));
        String key = writer.id + "+7eeb6a7036478351";
        for (Node n : ring) {
            List<String> f = n.cmd("fetch " + rid);
            assertTrue(n.name + " " + f, f.get(0).startsWith("ENTRIES 1 "));
            assertEquals(key + " " + value, f.get(1));
        }
        // the storing nodes hold a hash and sealed bytes: no number, no peer ID, no address in them
        List<Node> holders = new ArrayList<>();
        for (Node n : ring) {
            List<String> raw = n.cmd("raw " + rid);
            if (!raw.get(0).equals("RAW 0")) {
                holders.add(n);
                String bytes = raw.get(1).split(" ")[1];
                for (String secret : List.of(NUMBER, "14085550100", "127.0.0.161", "validator")) {
                    assertFalse(bytes.contains(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.US_ASCII))));
                }
                assertFalse(bytes.contains(writer.id));
                byte[] sealed = HexFormat.of().parseHex(bytes);
                assertTrue(Arrays.equals(plain, open(NUMBER, sealed)));
                try {
                    open("+14085550101", sealed);
                    throw new AssertionError("a value opened with the key of another number");
                } catch (javax.crypto.AEADBadTagException expected) {
                    // unreadable without the number
                }
            }
        }
        assertEquals(3, holders.size());

        // another node cannot overwrite n1's entry
        List<String> overwrite = peers.get(1).cmd("storekey " + rid + " " + key + " "
                + HexFormat.of().formatHex("forged".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(overwrite.toString(), overwrite.get(0).startsWith("ERROR 2 ")
                && overwrite.get(0).contains("does not belong to writer"));
        assertEquals(key + " " + value, peers.get(2).cmd("fetch " + rid).get(1));

        // kill -9 a storing node that is neither the bootstrap nor the writer: lookups still succeed
        Node victim = holders.stream().filter(n -> n != boot && n != writer).findFirst().orElseThrow();
        victim.kill();
        for (Node n : ring) {
            if (n != victim) {
                n.await("fetch " + rid, f -> f.get(0).startsWith("ENTRIES 1 "), 30);
            }
        }
        for (Node n : ring) {
            if (n != victim) {
                n.await("health", h -> joinedRingOf(h, 4), 60);
            }
        }
        // it rejoins with its certificate and serves the number again
        victim.start();
        for (Node n : ring) {
            n.await("health", h -> joinedRingOf(h, 5), 60);
        }
        assertTrue(victim.cmd("fetch " + rid).get(0).startsWith("ENTRIES 1 "));

        // a certificate from another CA fails the TLS handshake; a banned node is refused
        List<String> intruderArgs = new ArrayList<>(List.of("--key", rogue.keyOf("intruder").toString(), "--cert",
                dir.resolve("rogue").resolve("intruder.pem").toString(), "--ca", rogue.certificate().toString(),
                "--bootstrap", "127.0.0.160:" + PORT));
        Node intruder = node("intruder", "127.0.0.165", intruderArgs.toArray(String[]::new)).start();
        List<String> refused = intruder.await("health", h -> !h.get(0).contains("joinFailures=0"), 30);
        assertTrue(refused.toString(), refused.get(0).contains("joined=false")
                && refused.get(0).contains("not issued by the enrollment CA"));
        List<String> bannedArgs = new ArrayList<>(nodeArgs(ca, "banned"));
        bannedArgs.addAll(List.of("--bootstrap", "127.0.0.160:" + PORT));
        Node banned = node("banned", "127.0.0.166", bannedArgs.toArray(String[]::new)).start();
        banned.await("health", h -> h.get(0).contains("banned=true"), 30);
        assertTrue(banned.cmd("health").get(0).startsWith("health=0 "));
        for (Node n : ring) {
            assertTrue(n.name, joinedRingOf(n.cmd("health"), 5));
        }
    }
}
