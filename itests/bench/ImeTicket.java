import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The benchmark's IME ticket tool, run with the JDK's single-file source launcher (no library):
 *
 * <pre>
 *   java ImeTicket.java configure &lt;JMX service URL&gt; &lt;user&gt; &lt;epoch&gt;
 *       sets the appliance's ticket epoch and password over JMX (operation configure(int,String) of
 *       org.imegate:type=ticket,name=verifier), as the shell command does after asking for the password
 *   java ImeTicket.java configured &lt;JMX service URL&gt; &lt;user&gt; &lt;epoch&gt; &lt;seconds&gt;
 *       waits up to &lt;seconds&gt; until the verifier reports Configured with that Epoch, then checks it still
 *       does one second later; exits 1 otherwise
 *   java ImeTicket.java issue &lt;epoch&gt; &lt;issuer domain&gt; &lt;calling domain&gt; &lt;number&gt;
 *       prints a ticket valid from now for one year (catalogue UND-01/UND-02): JWS compact, HS256, typ
 *       uc-ime-ticket, kid = epoch, key = HKDF-SHA-256(password, salt "UC-IME-TICKET", info = epoch octet)
 * </pre>
 *
 * Secrets come from the environment, never from the command line: IMEGATE_TICKET_PASSWORD (the ticket
 * password) and, for configure, IMEGATE_JMX_PASSWORD (the JMX user's password).
 */
public final class ImeTicket {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("configure")) {
            configure(args[1], args[2], epoch(args[3]), secret("IMEGATE_TICKET_PASSWORD"), secret("IMEGATE_JMX_PASSWORD"));
        } else if (args.length == 5 && args[0].equals("configured")) {
            if (!configured(args[1], args[2], epoch(args[3]), Integer.parseInt(args[4]), secret("IMEGATE_JMX_PASSWORD"))) {
                System.err.println("the ticket verifier does not report epoch " + args[3] + " configured");
                System.exit(1);
            }
        } else if (args.length == 5 && args[0].equals("issue")) {
            System.out.println(issue(secret("IMEGATE_TICKET_PASSWORD"), epoch(args[1]), args[2], args[3], args[4],
                    Instant.now()));
        } else {
            System.err.println("usage: java ImeTicket.java configure <jmx-url> <user> <epoch>\n"
                    + "       java ImeTicket.java configured <jmx-url> <user> <epoch> <seconds>\n"
                    + "       java ImeTicket.java issue <epoch> <issuer-domain> <calling-domain> <number>\n"
                    + "secrets from the environment: IMEGATE_TICKET_PASSWORD, IMEGATE_JMX_PASSWORD (configure)");
            System.exit(2);
        }
    }

    static void configure(String url, String user, int epoch, String ticketPassword, String jmxPassword)
            throws Exception {
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnector.CREDENTIALS, new String[] {user, jmxPassword});
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url), env)) {
            c.getMBeanServerConnection().invoke(new ObjectName("org.imegate:type=ticket,name=verifier"), "configure",
                    new Object[] {epoch, ticketPassword}, new String[] {"int", "java.lang.String"});
        }
    }

    static boolean configured(String url, String user, int epoch, int seconds, String jmxPassword) throws Exception {
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnector.CREDENTIALS, new String[] {user, jmxPassword});
        ObjectName verifier = new ObjectName("org.imegate:type=ticket,name=verifier");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url), env)) {
            var mbs = c.getMBeanServerConnection();
            int stable = 0;
            while (System.nanoTime() < deadline) {
                boolean ok = Boolean.TRUE.equals(mbs.getAttribute(verifier, "Configured"))
                        && Integer.valueOf(epoch).equals(mbs.getAttribute(verifier, "Epoch"));
                stable = ok ? stable + 1 : 0;
                if (stable >= 5) {
                    return true;
                }
                Thread.sleep(200);
            }
        }
        return false;
    }

    static String issue(String password, int epoch, String issuer, String callingDomain, String number,
            Instant issuedAt) throws Exception {
        byte[] key = hkdfSha256(password.getBytes(StandardCharsets.US_ASCII),
                "UC-IME-TICKET".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) epoch}, 32);
        byte[] jti = new byte[12];
        new SecureRandom().nextBytes(jti);
        long iat = issuedAt.getEpochSecond();
        long exp = iat + 365L * 24 * 3600;
        String header = "{\"kid\":\"" + epoch + "\",\"typ\":\"uc-ime-ticket\",\"alg\":\"HS256\"}";
        String claims = "{\"iss\":\"" + json(issuer) + "\",\"sub\":\"" + json(callingDomain) + "\",\"did\":\""
                + json(number) + "\",\"iat\":" + iat + ",\"nbf\":" + iat + ",\"exp\":" + exp + ",\"jti\":\""
                + B64URL.encodeToString(jti) + "\"}";
        String signingInput = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + B64URL.encodeToString(hmac(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** RFC 5869 with HMAC-SHA-256: extract, then expand to {@code length} octets. */
    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
        byte[] prk = hmac(salt, ikm);
        byte[] okm = new byte[length];
        byte[] t = new byte[0];
        for (int i = 1, done = 0; done < length; i++) {
            byte[] input = new byte[t.length + info.length + 1];
            System.arraycopy(t, 0, input, 0, t.length);
            System.arraycopy(info, 0, input, t.length, info.length);
            input[input.length - 1] = (byte) i;
            t = hmac(prk, input);
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, okm, done, n);
            done += n;
        }
        return okm;
    }

    static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static int epoch(String s) {
        int e = Integer.parseInt(s);
        if (e < 1 || e > 255) {
            throw new IllegalArgumentException("epoch " + s + " must be 1-255");
        }
        return e;
    }

    private static String secret(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isEmpty()) {
            System.err.println(variable + " is not set");
            System.exit(2);
        }
        return v;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
