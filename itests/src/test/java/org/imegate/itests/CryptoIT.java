package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The crypto shell scope and the PKI MBean on the running appliance, driven as an operator does: the
 * ssh console (batch and interactive), the JDK's JMX client, and openssl as the CA and certificate reader.
 */
public class CryptoIT {

    private static final ObjectName PKI = objectName("org.imegate:type=tls,name=pki");
    private static ApplianceProcess appliance;
    private static Path work;

    @Rule
    public Timeout timeout = new Timeout(240, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAppliance() throws Exception {
        Path dir = ImegateKarafSupport.buildDirectory().toPath().resolve("appliance");
        appliance = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), dir);
        work = Files.createTempDirectory(dir, "crypto-");
        try {
            appliance.start();
        } catch (Throwable t) {
            appliance.close();
            throw t;
        }
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (appliance != null) {
            appliance.close();
            assertFalse("Karaf JVM still running", appliance.isRunning());
        }
    }

    private static String admin(String command) throws Exception {
        return appliance.exec(ApplianceProcess.ADMIN, command);
    }

    /** A command that must be refused: returns the error text. */
    private static String refused(String user, String command) throws Exception {
        ApplianceProcess.Result r = appliance.run(user, command);
        String all = r.stdout + r.stderr;
        assertTrue("'" + command + "' was not refused: " + r, all.contains("ERROR: "));
        return all.replaceAll("\u001B\\[[0-9;]*m", "");
    }

    @Test
    public void selfEnrolledIdentityIsShownAndExportedForOpenssl() throws Exception {
        admin("crypto:key-generate rsa label self-key modulus 2048");
        admin("crypto:ca-trustpoint local-asa subject-name 'cn=enterprise-a.example, o=Example Corp' keypair self-key enroll self");
        String enroll = admin("crypto:ca-enroll local-asa");
        assertTrue(enroll, enroll.contains("% The subject name in the certificate will be: CN=enterprise-a.example,O=Example Corp"));

        String certs = admin("crypto:show-ca-certificates local-asa");
        assertTrue(certs, certs.contains("Subject Name:\n    CN=enterprise-a.example,O=Example Corp"));
        assertTrue(certs, certs.contains("Issuer Name:\n    CN=enterprise-a.example,O=Example Corp"));
        // whole days left of a one-year certificate issued a moment ago
        assertTrue(certs, Pattern.compile("Days until expiry: 36[45]\n").matcher(certs).find());
        assertTrue(certs, certs.contains("Public Key Type: RSA (2048 bits)"));
        String serial = field(certs, "Certificate Serial Number: ([0-9a-f]+)");

        Path exported = work.resolve("local-asa.pem");
        admin("crypto:ca-export --file " + exported + " local-asa identity-certificate");
        String x509 = tool("openssl", "x509", "-noout", "-serial", "-subject", "-nameopt", "RFC2253", "-in", exported.toString());
        assertTrue(x509, x509.toLowerCase().contains("serial=" + serial.replaceFirst("^0+", "")));
        assertTrue(x509, x509.contains("subject=CN=enterprise-a.example,O=Example Corp"));

        String terminal = admin("crypto:ca-export local-asa identity-certificate");
        assertTrue(terminal, terminal.contains("-----BEGIN CERTIFICATE-----"));
        assertEquals(Files.readString(exported).strip(), terminal.substring(terminal.indexOf("-----BEGIN")).strip());
    }

    @Test
    public void terminalEnrollmentWithAnOpensslCa() throws Exception {
        admin("crypto:key-generate rsa label remote-key modulus 2048");
        admin("crypto:ca-trustpoint remote-ent subject-name cn=enterprise-b.example keypair remote-key enroll terminal");
        Path csr = work.resolve("remote.csr");
        String enroll = admin("crypto:ca-enroll --file " + csr + " remote-ent");
        assertTrue(enroll, enroll.contains("-----BEGIN CERTIFICATE REQUEST-----"));
        assertTrue(tool("openssl", "req", "-verify", "-noout", "-in", csr.toString()).contains("OK"));

        OpensslCa ca = makeCa("ca1", "Enterprise CA");
        Path signed = sign(ca, csr, "remote-signed.pem");
        admin("crypto:ca-authenticate --file " + ca.certificate() + " remote-ent");
        String wrongKind = refused(ApplianceProcess.ADMIN, "crypto:ca-import --file " + ca.certificate() + " remote-ent certificate");
        assertTrue(wrongKind, wrongKind.contains("ERROR: certificate") && wrongKind.contains("CA certificate"));

        String imported = admin("crypto:ca-import --file " + signed + " remote-ent certificate");
        assertTrue(imported, imported.contains("Certificate successfully imported"));
        String tp = admin("crypto:show-ca-trustpoints remote-ent");
        assertTrue(tp, tp.contains("Status: Enrolled"));
        assertTrue(tp, tp.contains("CN=Enterprise CA"));

        Path exported = work.resolve("remote-export.pem");
        admin("crypto:ca-export --file " + exported + " remote-ent identity-certificate");
        assertTrue(tool("openssl", "verify", "-CAfile", ca.certificate().toString(), exported.toString()).contains("OK"));

        // a certificate for somebody else's key does not belong to this trustpoint
        Path foreignCsr = work.resolve("foreign.csr");
        tool("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", work.resolve("foreign.key").toString(),
                "-subj", "/CN=enterprise-b.example", "-out", foreignCsr.toString());
        Path foreign = sign(ca, foreignCsr, "foreign.pem");
        String mismatch = refused(ApplianceProcess.ADMIN, "crypto:ca-import --file " + foreign + " remote-ent certificate");
        assertTrue(mismatch, mismatch.contains("ERROR: certificate") && mismatch.contains("key"));
    }

    @Test
    public void pkcs12AndPastedCertificatesAtAnInteractiveConsole() throws Exception {
        admin("crypto:key-generate rsa label p12-key modulus 2048");
        admin("crypto:ca-trustpoint p12-tp subject-name cn=p12.example keypair p12-key enroll self");
        admin("crypto:ca-enroll p12-tp");
        OpensslCa ca = makeCa("ca2", "Pasted CA");
        Path p12 = work.resolve("p12-tp.p12");
        List<String> lines = new ArrayList<>();
        lines.add("crypto:ca-authenticate p12-tp");
        lines.addAll(Files.readAllLines(ca.certificate()));
        lines.add("quit");
        lines.add("crypto:ca-export --file " + p12 + " p12-tp pkcs12");
        lines.add("Export-Pass-1");
        lines.add("Export-Pass-1");
        String session = appliance.interactive(lines);
        assertTrue(session, session.contains("Trustpoint CA certificate accepted."));
        assertTrue(session, session.contains("Exported pkcs12 of p12-tp written to"));
        assertFalse("the passphrase was echoed: " + session, session.contains("Export-Pass-1"));

        String certs = tool("openssl", "pkcs12", "-in", p12.toString(), "-passin", "pass:Export-Pass-1", "-nokeys");
        assertTrue(certs, certs.contains("subject=CN = p12.example") || certs.contains("subject=CN=p12.example"));
        assertTrue(certs, certs.contains("Pasted CA"));

        // an openssl-made PKCS#12 becomes a new trustpoint; a wrong passphrase changes nothing
        Path made = work.resolve("made.p12");
        tool("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", work.resolve("made.key").toString(),
                "-subj", "/CN=imported.example", "-days", "30", "-out", work.resolve("made.pem").toString());
        tool("openssl", "pkcs12", "-export", "-inkey", work.resolve("made.key").toString(), "-in",
                work.resolve("made.pem").toString(), "-passout", "pass:Import-Pass-2", "-out", made.toString());
        String wrong = appliance.interactive(List.of("crypto:ca-import --file " + made + " imported-tp pkcs12", "Not-The-Pass"));
        assertTrue(wrong, wrong.contains("ERROR: "));
        assertTrue(admin("crypto:show-ca-trustpoints").indexOf("imported-tp") < 0);
        String right = appliance.interactive(List.of("crypto:ca-import --file " + made + " imported-tp pkcs12", "Import-Pass-2"));
        assertTrue(right, right.contains("Import PKCS12 operation completed successfully"));
        assertTrue(admin("crypto:show-ca-trustpoints imported-tp").contains("CN=imported.example"));
    }

    @Test
    public void badInputIsRefusedNamingTheRuleAndChangesNothing() throws Exception {
        admin("crypto:key-generate rsa label used-key modulus 1024");
        admin("crypto:ca-trustpoint used-tp subject-name cn=used.example keypair used-key enroll terminal");
        Path garbage = work.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        String before = snapshot();

        String[][] cases = {
            {"crypto:key-generate rsa label weak modulus 512", "ERROR: modulus 512 out of range 1024-4096"},
            {"crypto:key-generate rsa label odd modulus 1536", "ERROR: modulus 1536 must be one of 1024, 2048, 3072, 4096"},
            {"crypto:key-generate rsa label used-key modulus 2048", "ERROR: label used-key already exists"},
            {"crypto:key-generate dsa label x", "ERROR: key type dsa must be rsa"},
            {"crypto:key-generate rsa lable x", "ERROR: lable is not a keyword"},
            {"crypto:ca-trustpoint " + "t".repeat(129), "ERROR: trustpoint " },
            {"crypto:ca-trustpoint long-cn subject-name cn=" + "a".repeat(65) + ".example keypair used-key", "ERROR: subject-name"},
            {"crypto:ca-trustpoint bad-dn subject-name not-a-dn keypair used-key", "ERROR: subject-name"},
            {"crypto:ca-trustpoint nokey keypair missing-key", "ERROR: keypair missing-key does not exist"},
            {"crypto:ca-trustpoint x enroll mail", "ERROR: enroll mail must be one of self, terminal"},
            {"crypto:ca-authenticate --file " + garbage + " used-tp", "ERROR: certificate"},
            {"crypto:ca-import --file " + garbage + " used-tp certificate", "ERROR: certificate"},
            {"crypto:ca-export no-such-tp identity-certificate", "ERROR: trustpoint no-such-tp does not exist"},
            {"crypto:key-zeroize rsa label used-key", "ERROR: label used-key is in use by"},
        };
        for (String[] c : cases) {
            String error = refused(ApplianceProcess.ADMIN, c[0]);
            assertTrue("'" + c[0] + "' said: " + error, error.contains(c[1]));
        }
        assertTrue(refused(ApplianceProcess.ADMIN, "crypto:ca-trustpoint " + "t".repeat(129))
                .contains("at most 128 allowed"));
        assertEquals("a refused command changed the PKI", before, snapshot());
        assertTrue(admin("feature:list -i").contains("imegate"));
    }

    @Test
    public void removingATrustpointKeepsItsKeyPairUntilZeroized() throws Exception {
        admin("crypto:key-generate rsa label gone-key");
        admin("crypto:ca-trustpoint gone-tp subject-name cn=gone.example keypair gone-key enroll self");
        admin("crypto:ca-enroll gone-tp noconfirm");
        assertTrue(admin("crypto:show-key gone-key").contains("Used by trustpoints: gone-tp"));
        assertTrue(admin("crypto:no-ca-trustpoint gone-tp").contains("Trustpoint gone-tp removed"));
        assertTrue(refused(ApplianceProcess.ADMIN, "crypto:show-ca-trustpoints gone-tp")
                .contains("ERROR: trustpoint gone-tp does not exist"));
        String key = admin("crypto:show-key gone-key");
        assertTrue(key, key.contains("Used by trustpoints: none"));
        assertTrue(key, key.contains("Modulus Size (bits): 2048"));
        assertTrue(admin("crypto:key-zeroize rsa label gone-key noconfirm").contains("Key pair gone-key zeroized"));
        assertFalse(admin("crypto:show-key").contains("gone-key"));
    }

    @Test
    public void viewerMayLookButNotChange() throws Exception {
        String shown = appliance.exec(ApplianceProcess.VIEWER, "crypto:show-ca-trustpoints");
        assertFalse(shown, shown.contains("ERROR"));
        // Karaf's command ACL hides admin commands from viewers
        ApplianceProcess.Result r = appliance.run(ApplianceProcess.VIEWER, "crypto:key-generate rsa label viewer-key modulus 1024");
        assertNotEquals(r.toString(), 0, r.exitCode);
        assertTrue(r.toString(), (r.stdout + r.stderr).contains("Command not found"));
        String admins = appliance.exec(ApplianceProcess.ADMIN, "crypto:show-key");
        assertFalse(admins, admins.contains("viewer-key"));
        assertFalse(admin("crypto:show-key").contains("viewer-key"));
    }

    @Test
    public void jmxRoundTripWithTheJdkClient() throws Exception {
        try (JMXConnector admin = appliance.jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection c = admin.getMBeanServerConnection();
            String fingerprint = (String) c.invoke(PKI, "generateRsaKeyPair", new Object[] {"jmx-key", 2048},
                    new String[] {"java.lang.String", "int"});
            assertTrue(admin("crypto:show-key jmx-key").contains(fingerprint));
            c.invoke(PKI, "defineTrustpoint", new Object[] {"jmx-tp", "cn=jmx.example", "jmx-key", "self"},
                    new String[] {"java.lang.String", "java.lang.String", "java.lang.String", "java.lang.String"});
            String pem = (String) c.invoke(PKI, "enroll", new Object[] {"jmx-tp"}, new String[] {"java.lang.String"});
            assertTrue(pem, pem.contains("-----BEGIN CERTIFICATE-----"));
            try {
                c.invoke(PKI, "generateRsaKeyPair", new Object[] {"jmx-weak", 512}, new String[] {"java.lang.String", "int"});
                fail("a 512-bit key was accepted over JMX");
            } catch (Exception e) {
                assertTrue(String.valueOf(causes(e)), causes(e).contains("ERROR: modulus 512"));
            }
        }
        try (JMXConnector viewer = appliance.jmx(ApplianceProcess.VIEWER)) {
            MBeanServerConnection c = viewer.getMBeanServerConnection();
            TabularData tps = (TabularData) c.getAttribute(PKI, "Trustpoints");
            CompositeData row = tps.get(new Object[] {"jmx-tp"});
            assertEquals("CN=jmx.example", row.get("SubjectName"));
            long rowDays = (Long) row.get("DaysUntilExpiry");
            assertTrue("DaysUntilExpiry " + rowDays, rowDays == 364 || rowDays == 365);
            long days = (Long) c.getAttribute(PKI, "DaysUntilCertExpiry");
            assertTrue("DaysUntilCertExpiry " + days, days <= 365);
            try {
                c.invoke(PKI, "generateRsaKeyPair", new Object[] {"viewer-jmx", 2048}, new String[] {"java.lang.String", "int"});
                fail("a viewer generated a key pair over JMX");
            } catch (SecurityException expected) {
                // the ACL refuses operations to viewers
            }
        }
        assertFalse(admin("crypto:show-key").contains("viewer-jmx"));
    }

    @Test
    public void keysTrustpointsAndCertificatesSurviveARestart() throws Exception {
        admin("crypto:key-generate rsa label restart-key modulus 2048");
        admin("crypto:ca-trustpoint restart-tp subject-name cn=restart.example keypair restart-key enroll self");
        admin("crypto:ca-enroll restart-tp");
        String before = snapshot();
        String certsBefore = admin("crypto:show-ca-certificates");
        Path exportedBefore = work.resolve("restart-before.pem");
        admin("crypto:ca-export --file " + exportedBefore + " restart-tp identity-certificate");

        appliance.restart();
        // the crypto commands register once the PKI service is back, which may be a moment after the feature starts
        appliance.await(ApplianceProcess.ADMIN, "crypto:show-key", o -> true, java.time.Duration.ofSeconds(60));

        assertEquals(before, snapshot());
        assertEquals(certsBefore.replaceAll("Days until expiry: \\d+", ""),
                admin("crypto:show-ca-certificates").replaceAll("Days until expiry: \\d+", ""));
        Path exportedAfter = work.resolve("restart-after.pem");
        admin("crypto:ca-export --file " + exportedAfter + " restart-tp identity-certificate");
        assertEquals(Files.readString(exportedBefore), Files.readString(exportedAfter));
        // the private key survived too: the restored identity still serves TLS material (PKCS#12 needs the key)
        String session = appliance.interactive(List.of(
                "crypto:ca-export --file " + work.resolve("restart.p12") + " restart-tp pkcs12", "Restart-Pass-3", "Restart-Pass-3"));
        assertTrue(session, session.contains("written to"));
        String key = tool("openssl", "pkcs12", "-in", work.resolve("restart.p12").toString(), "-passin", "pass:Restart-Pass-3",
                "-nocerts", "-nodes");
        String modulusKey = tool("openssl", "rsa", "-noout", "-modulus", "-in", write("restart.key", key).toString());
        String modulusCert = tool("openssl", "x509", "-noout", "-modulus", "-in", exportedAfter.toString());
        assertEquals(modulusCert, modulusKey);
        // and the store on disk holds nothing in clear
        byte[] store = Files.readAllBytes(appliance.path("store", "tls", "pki.store"));
        String text = new String(store, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("PRIVATE KEY"));
        assertFalse(text.contains("restart.example"));
        assertNotEquals(0, store.length);
    }

    /** What the PKI shows, without the whole days left (which a day boundary may change). */
    private static String snapshot() throws Exception {
        return (admin("crypto:show-key") + admin("crypto:show-ca-trustpoints")).replaceAll("\\(-?\\d+ days\\)", "(days)");
    }

    private static OpensslCa makeCa(String dir, String cn) throws Exception {
        return new OpensslCa(work.resolve(dir), cn);
    }

    private static Path sign(OpensslCa ca, Path csr, String name) throws Exception {
        return ca.sign(csr, name.replace(".pem", ""), null);
    }

    private static Path write(String name, String content) throws IOException {
        Path p = work.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(regex + " not in " + text, m.find());
        return m.group(1);
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append(" | ");
        }
        return b.toString();
    }

    static String tool(String... cmd) throws Exception {
        return OpensslCa.tool(work, cmd);
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
