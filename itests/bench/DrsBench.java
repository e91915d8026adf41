import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The JMX side of itests/bench/drs-backup.sh, run with the JDK's source launcher.
 *
 *   java DrsBench.java fill <file> <routes>
 *       writes <routes> learned-route records, one per line, shaped as the IME server keeps them (+E.164 number,
 *       domain, SIP URIs, the ticket as a JWS of random bytes, learned and expiry times): about 600 bytes each
 *   java DrsBench.java run <jmx-url> <device-type> <device...>
 *       (user, password and DRS security password in the environment: BENCH_USER, BENCH_PASSWORD,
 *       BENCH_DRS_PASSWORD, and for a network device BENCH_SFTP_PASSWORD)
 *       creates the device, times one backup and one restore of it through the DRS MBean, prints the figures
 */
public class DrsBench {
    private static final ObjectName DRS = name("org.imegate:type=drs,name=master-agent");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(Path.of(args[1]), Integer.parseInt(args[2]));
            case "run" -> run(args);
            default -> throw new IllegalArgumentException("fill or run");
        }
    }

    static ObjectName name(String n) {
        try {
            return new ObjectName(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void fill(Path file, int routes) throws IOException {
        SecureRandom random = new SecureRandom();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Instant learned = Instant.parse("2026-11-01T00:00:00Z");
        byte[] sig = new byte[32];
        byte[] payload = new byte[200];
        Files.createDirectories(file.getParent());
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < routes; i++) {
                String e164 = "+1" + (2000000000L + i * 7L);
                String domain = "enterprise-" + (i % 5000) + ".example";
                random.nextBytes(sig);
                random.nextBytes(payload);
                String ticket = "eyJhbGciOiJIUzI1NiIsInR5cCI6InVjLWltZS10aWNrZXQiLCJraWQiOiIxIn0." + b64.encodeToString(payload)
                        + "." + b64.encodeToString(sig);
                Instant at = learned.plusSeconds(i % 86400);
                w.write(e164);
                w.write('|');
                w.write(domain);
                w.write("|sip:" + e164 + "@sbc." + domain + ":5061;transport=tls");
                w.write("|sip:" + e164 + "@sbc2." + domain + ":5061;transport=tls|");
                w.write(ticket);
                w.write('|');
                w.write(at.toString());
                w.write('|');
                w.write(at.plus(365, ChronoUnit.DAYS).toString());
                w.write("|enabled\n");
            }
        }
        System.out.printf("filled %s: %d routes, %d bytes, %.1f s%n", file, routes, Files.size(file),
                (System.nanoTime() - t0) / 1e9);
    }

    static void run(String[] args) throws Exception {
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnector.CREDENTIALS, new String[] {System.getenv("BENCH_USER"), System.getenv("BENCH_PASSWORD")});
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(args[1]), env)) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            if (!(Boolean) s.getAttribute(DRS, "SecurityPasswordSet")) {
                s.invoke(DRS, "changeSecurityPassword", new Object[] {System.getenv("BENCH_DRS_PASSWORD")},
                        new String[] {"java.lang.String"});
            }
            String type = args[2];
            String device;
            if (type.equals("local")) {
                device = "bench local";
                s.invoke(DRS, "addLocalDevice", new Object[] {device, 2}, new String[] {"java.lang.String", "int"});
            } else {
                device = "bench network";
                s.invoke(DRS, "addNetworkDevice", new Object[] {device, args[3], args[4], Integer.parseInt(args[5]),
                    args[6], System.getenv("BENCH_SFTP_PASSWORD"), 2}, new String[] {"java.lang.String",
                        "java.lang.String", "java.lang.String", "int", "java.lang.String", "java.lang.String", "int"});
            }
            long t0 = System.nanoTime();
            String tar = (String) s.invoke(DRS, "backup", new Object[] {type, "IME", device},
                    new String[] {"java.lang.String", "java.lang.String", "java.lang.String"});
            String state = await(s, "BackupState");
            double backup = (System.nanoTime() - t0) / 1e9;
            String status = (String) s.getAttribute(DRS, "BackupStatus");
            if (!state.equals("SUCCESS")) {
                throw new IllegalStateException("backup " + state + ":\n" + status);
            }
            System.out.printf("%s backup %s: %.1f s%n", type, tar, backup);
            long restoresBefore = (Long) s.getAttribute(DRS, "RestoresCompleted")
                    + (Long) s.getAttribute(DRS, "RestoresFailed");
            t0 = System.nanoTime();
            s.invoke(DRS, "restore", new Object[] {type, s.getAttribute(DRS, "ServerName"), tar, device},
                    new String[] {"java.lang.String", "java.lang.String", "java.lang.String", "java.lang.String"});
            for (int i = 0; i < 100_000; i++) {
                long done = (Long) s.getAttribute(DRS, "RestoresCompleted") + (Long) s.getAttribute(DRS, "RestoresFailed");
                if (done > restoresBefore) {
                    break;
                }
                Thread.sleep(100);
            }
            double restore = (System.nanoTime() - t0) / 1e9;
            String restoreState = (String) s.getAttribute(DRS, "RestoreState");
            if (!restoreState.equals("SUCCESS")) {
                throw new IllegalStateException("restore " + restoreState + ":\n" + s.getAttribute(DRS, "RestoreStatus"));
            }
            System.out.printf("%s restore %s (fetch, verify every byte, restore): %.1f s%n", type, tar, restore);
            System.out.println("TAR " + tar);
        }
    }

    static String await(MBeanServerConnection s, String attribute) throws Exception {
        for (int i = 0; i < 100_000; i++) {
            String state = (String) s.getAttribute(DRS, attribute);
            if (!state.equals("RUNNING") && !state.equals("CANCELLING") && !state.equals("NONE")) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(attribute + " did not end");
    }
}
