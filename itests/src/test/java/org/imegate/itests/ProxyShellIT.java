package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.ops4j.pax.exam.util.Filter;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Inside the container: the media-termination, tls-proxy and uc-ime scopes round-trip (what is set is
 * what show prints), and a change to an applied uc-ime proxy is refused with the seed-style error.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProxyShellIT {

    @Rule
    public Timeout timeout = new Timeout(ImegateKarafSupport.TEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);

    /** Registered by Karaf once every boot feature is installed and started. */
    @Inject
    @Filter(timeout = 120_000)
    BootFinished bootFinished;

    @Inject
    SessionFactory sessions;

    // the services behind the commands: the probe starts once they are registered
    @Inject
    org.imegate.api.pki.PkiService pki;

    @Inject
    org.imegate.api.tlsproxy.TlsProxies tlsProxies;

    @Inject
    org.imegate.api.media.MediaTermination media;

    @Inject
    org.imegate.api.ticket.TicketService tickets;

    @Configuration
    public Option[] config() {
        return ImegateKarafSupport.options();
    }

    /**
     * Runs a command as an administrator (the command ACLs apply to the session's subject). Karaf registers
     * a bundle's commands a moment after their services: a command not found yet is tried again, for at
     * most 30 s.
     */
    private String run(String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int attempt = 0; ; attempt++) {
            try {
                return runOnce(command);
            } catch (Exception e) {
                boolean notYet = e.getClass().getSimpleName().equals("CommandNotFoundException");
                if (!notYet || System.nanoTime() > deadline || attempt > 300) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private String runOnce(String command) throws Exception {
        return ShellSessions.runAsAdmin(sessions, command);
    }

    private String refused(String command) {
        try {
            String out = run(command);
            fail("'" + command + "' was accepted: " + out);
            return out;
        } catch (Exception e) {
            return String.valueOf(e.getMessage());
        }
    }

    @Test
    public void proxyScopesRoundTripAndLockWhileApplied() throws Exception {
        run("crypto:key-generate rsa label shell-key modulus 2048");
        run("crypto:ca-trustpoint shell-tp subject-name cn=shell.example keypair shell-key enroll self");
        run("crypto:ca-enroll shell-tp");

        run("media-termination:media-termination shell-mt address 127.0.0.3 interface outside rtp-min-port 20000 rtp-max-port 20100");
        run("media-termination:media-termination shell-mt address 127.0.0.2 interface inside");
        String mt = run("media-termination:show-media-termination shell-mt");
        assertTrue(mt, mt.contains("127.0.0.3") && mt.contains("127.0.0.2") && mt.contains("20000") && mt.contains("20100"));

        run("tls-proxy:tls-proxy shell-in server trust-point shell-tp client trust-point shell-tp client cipher-suite aes128-sha1 aes256-sha1");
        String tp = run("tls-proxy:show-tls-proxy shell-in");
        assertTrue(tp, tp.contains("server trust-point shell-tp") && tp.contains("aes128-sha1 aes256-sha1"));
        assertTrue(refused("tls-proxy:tls-proxy shell-weak client cipher-suite null-sha1").contains("RFC 5469"));

        run("uc-ime:uc-ime shell-ime media-termination shell-mt ucm address 127.0.0.10 trunk-security-mode non-secure "
                + "fallback monitoring timer 200 fallback hold-down timer 30");
        String ime = run("uc-ime:show-uc-ime");
        assertTrue(ime, ime.contains("uc-ime shell-ime\n"));
        assertTrue(ime, ime.contains(" ucm address 127.0.0.10 trunk-security-mode nonsecure port 5060"));
        assertTrue(ime, ime.contains(" fallback monitoring timer 200") && ime.contains(" fallback hold-down timer 30"));
        assertEquals("ERROR: fallback monitoring timer 5 out of range 10-600",
                refused("uc-ime:uc-ime shell-ime fallback monitoring timer 5"));
        assertTrue(refused("uc-ime:uc-ime shell-ime media-termination nope").contains("media-termination nope does not exist"));

        run("uc-ime:inspect-sip inbound uc-ime shell-ime tls-proxy shell-in");
        assertEquals("ERROR: uc-ime shell-ime is applied to SIP inspection; remove the service policy first",
                refused("uc-ime:uc-ime shell-ime fallback hold-down timer 40"));
        assertTrue(refused("media-termination:no-media-termination shell-mt").contains("in use"));
        run("uc-ime:no-inspect-sip inbound");
        run("uc-ime:uc-ime shell-ime fallback hold-down timer 40");
        assertTrue(run("uc-ime:show-uc-ime").contains(" fallback hold-down timer 40"));
        run("uc-ime:no-uc-ime shell-ime");
        assertTrue(run("uc-ime:show-uc-ime").contains("no uc-ime proxy configured"));
    }
}
