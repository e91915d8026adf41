package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.After;
import org.junit.Test;

/**
 * Two appliances joined into one ring exactly as docs/ring.md tells an operator: appliance A is the
 * bootstrap node and the enrollment CA (trustpoint RING-CA, self-signed), each appliance enrolls its
 * trustpoint RING with a PKCS#10 request that A issues with {@code ime:dht-issue-certificate}; the ring
 * is enabled with {@code config:property-set}. Both show {@code DHT Health = GREEN}, the IME server's
 * {@code org.imegate:type=ring,name=cache} MBean reports backend {@code reload} and 2 nodes, and
 * {@code set-dht global storagequota} is refused on B with the seed's message, accepted on A and
 * reaches B as a new configuration sequence.
 */
public class RingApplianceIT {
    private ApplianceProcess a;
    private ApplianceProcess b;

    @After
    public void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static String admin(ApplianceProcess p, String command) throws Exception {
        return p.exec(ApplianceProcess.ADMIN, command);
    }

    /** Key pair, trustpoint RING and its PKCS#10 request in {@code csr} (relative to the appliance directory). */
    private static void requestRingCertificate(ApplianceProcess p, String cn, String csr) throws Exception {
        admin(p, "crypto:key-generate rsa label ring modulus 2048");
        admin(p, "crypto:ca-trustpoint RING subject-name \"CN=" + cn + "\" keypair ring enroll terminal");
        admin(p, "crypto:ca-enroll --file " + csr + " RING");
    }

    private static void enable(ApplianceProcess p, String address, boolean bootstrapNode) throws Exception {
        admin(p, "config:edit org.imegate.ring; config:property-set enabled true; config:property-set listen.address "
                + address + "; config:property-set bootstrap 127.0.0.170:6084; config:property-set bootstrap.node "
                + bootstrapNode + "; config:property-set stabilize.interval 1; config:update");
    }

    private static String green(ApplianceProcess p) throws Exception {
        return p.await(ApplianceProcess.ADMIN, "ime:show-dht summary",
                out -> out.contains("DHT Health....................... = GREEN"), Duration.ofSeconds(90));
    }

    @Test
    public void twoAppliancesFormOneRingFromTheOperatorsCommands() throws Exception {
        Path work = ImegateKarafSupport.buildDirectory().toPath().resolve("ring-appliances");
        a = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), work);
        b = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), work);
        ExecutorService boot = Executors.newFixedThreadPool(2);
        try {
            Future<?> fa = boot.submit(() -> a.start());
            Future<?> fb = boot.submit(() -> b.start());
            fa.get();
            fb.get();
        } finally {
            boot.shutdownNow();
        }
        for (ApplianceProcess p : List.of(a, b)) {
            p.await(ApplianceProcess.ADMIN, "ime:show-dht summary", out -> out.contains("DHT Health"),
                    Duration.ofSeconds(60));
        }
        // A: the enrollment CA of the private federation, and its own ring certificate
        admin(a, "crypto:key-generate rsa label ringca modulus 2048");
        admin(a, "crypto:ca-trustpoint RING-CA subject-name \"CN=imegate ring enrollment CA\" keypair ringca enroll self");
        admin(a, "crypto:ca-enroll RING-CA");
        admin(a, "crypto:ca-export --file ring-ca.pem RING-CA identity-certificate");
        requestRingCertificate(a, "ring.a.example", "ring-a.csr");
        admin(a, "ime:dht-issue-certificate --out ring-a.pem RING-CA ring-a.csr");
        admin(a, "crypto:ca-authenticate --file ring-ca.pem RING");
        admin(a, "crypto:ca-import --file ring-a.pem RING certificate");
        // B: its request goes to A, the certificate and the CA certificate come back
        requestRingCertificate(b, "ring.b.example", "ring-b.csr");
        Files.copy(b.path("ring-b.csr"), a.path("ring-b.csr"));
        admin(a, "ime:dht-issue-certificate --out ring-b.pem RING-CA ring-b.csr");
        Files.copy(a.path("ring-b.pem"), b.path("ring-b.pem"));
        Files.copy(a.path("ring-ca.pem"), b.path("ring-ca.pem"));
        admin(b, "crypto:ca-trustpoint RING-CA");
        admin(b, "crypto:ca-authenticate --file ring-ca.pem RING-CA");
        admin(b, "crypto:ca-authenticate --file ring-ca.pem RING");
        admin(b, "crypto:ca-import --file ring-b.pem RING certificate");

        enable(a, "127.0.0.170", true);
        enable(b, "127.0.0.171", false);
        green(a);
        String summary = green(b);
        assertTrue(summary, summary.contains("BootStrap: "));
        String bootstrapId = a.exec(ApplianceProcess.ADMIN, "ime:show-dht summary").lines()
                .filter(l -> l.startsWith("Peer ID = ")).findFirst().orElseThrow().substring(10);
        assertTrue(summary, summary.contains("BootStrap: " + bootstrapId));
        assertTrue(admin(b, "ime:show-bootstrap ip").contains("127.0.0.170:6084"));

        // the IME server now uses the ring
        try (JMXConnector c = b.jmx(ApplianceProcess.VIEWER)) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            ObjectName ring = new ObjectName("org.imegate:type=ring,name=cache");
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end && !("reload".equals(attribute(s, ring, "Backend"))
                    && Integer.valueOf(2).equals(attribute(s, ring, "IMEDistributedCacheNodeCount")))) {
                Thread.sleep(200);
            }
            assertEquals("reload", s.getAttribute(ring, "Backend"));
            assertEquals(2, s.getAttribute(ring, "IMEDistributedCacheNodeCount"));
            assertEquals(2, s.getAttribute(ring, "IMEDistributedCacheHealth"));
        }
        String peer = line(summary, "Peer ID = ").substring("Peer ID = ".length());
        assertTrue(admin(b, "ime:show-peerid").contains(peer));

        // storage quota: bootstrap only
        assertEquals("This command is only allowed to be run on a bootstrap server.",
                admin(b, "ime:set-dht global storagequota 500").trim());
        String before = line(admin(b, "ime:show-dht summary"), "Current Sequence");
        assertTrue(admin(a, "ime:set-dht global storagequota 500").contains("Successful"));
        b.await(ApplianceProcess.ADMIN, "ime:show-dht summary",
                out -> !line(out, "Current Sequence").equals(before), Duration.ofSeconds(60));
        assertTrue(Files.readString(a.path("etc", "org.imegate.ring.cfg")).matches("(?s).*\\nstorage\\.quota ?= ?500\\n.*"));
    }

    private static Object attribute(MBeanServerConnection s, ObjectName n, String a) {
        try {
            return s.getAttribute(n, a);
        } catch (Exception e) {
            return null;
        }
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }
}
