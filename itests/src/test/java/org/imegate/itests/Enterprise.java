package org.imegate.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

/**
 * One enterprise of the IME story: its appliance on its own loopback addresses ({@code inside}, {@code outside}),
 * certified by the federation CA as {@code domain}, set up as an operator does it: identity trustpoint, a
 * media-termination on both interfaces, the two TLS proxies, the uc-ime proxy with its call agent and fallback
 * timers, SIP inspection both ways, and the IME server with a VAP server for its call agent.
 */
public final class Enterprise implements AutoCloseable {
    public static final String VAP_USER = "cucm-app";
    public static final String VAP_PASSWORD = "vap-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    public final String name;
    public final String domain;
    public final String inside;
    public final String outside;
    public final String callAgent;
    public final int vapPort;
    private final ApplianceProcess appliance;

    private Enterprise(String name, String domain, String inside, String outside, String callAgent, int vapPort,
            ApplianceProcess appliance) {
        this.name = name;
        this.domain = domain;
        this.inside = inside;
        this.outside = outside;
        this.callAgent = callAgent;
        this.vapPort = vapPort;
        this.appliance = appliance;
    }

    /** Unpacks and boots the appliance of {@code name} on its addresses, with quick validations. */
    public static Enterprise boot(String name, String domain, String inside, String outside, String callAgent)
            throws Exception {
        Path dir = ImegateKarafSupport.buildDirectory().toPath().resolve("enterprises");
        ApplianceProcess a = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), dir);
        try {
            Files.writeString(a.path("etc", "org.imegate.interfaces.cfg"), "inside = " + inside + "\noutside = "
                    + outside + "\n");
            // a validation 1 s after the PSTN call's VCR (instead of up to 15 minutes), no minimum interval
            Path cfg = a.path("etc", "org.imegate.ime.cfg");
            String text = Files.readString(cfg).replaceAll("(?m)^validator\\.(maxdelay|mininterval) = .*$", "");
            Files.writeString(cfg, text + "validator.maxdelay = 1\nvalidator.mininterval = 0\n");
            a.start();
            return new Enterprise(name, domain, inside, outside, callAgent, ApplianceProcess.freePort(), a);
        } catch (Throwable t) {
            a.close();
            throw t;
        }
    }

    /**
     * The proxy: identity from {@code ca}, media-termination, TLS proxies, uc-ime, the ticket epoch and password
     * when {@code ticketPassword} is given (set over JMX, as a script would), inspection.
     */
    public void configureProxy(OpensslCa ca, Path work, int holdDownSeconds, int epoch, String ticketPassword)
            throws Exception {
        String tp = "ent-" + name;
        admin("crypto:key-generate rsa label " + tp + "-key modulus 2048");
        admin("crypto:ca-trustpoint " + tp + " subject-name cn=" + domain + " keypair " + tp + "-key enroll terminal");
        Path csr = work.resolve(tp + ".csr");
        admin("crypto:ca-enroll --file " + csr + " " + tp);
        Path signed = ca.sign(csr, tp, domain);
        admin("crypto:ca-authenticate --file " + ca.certificate() + " " + tp);
        admin("crypto:ca-import --file " + signed + " " + tp + " certificate");
        admin("media-termination:media-termination mt address " + outside + " interface outside");
        admin("media-termination:media-termination mt address " + inside + " interface inside");
        admin("tls-proxy:tls-proxy remote-to-local server trust-point " + tp + " client trust-point " + tp);
        admin("tls-proxy:tls-proxy local-to-remote server trust-point " + tp + " client trust-point " + tp);
        admin("uc-ime:uc-ime " + tp + " media-termination mt ucm address " + callAgent + " trunk-security-mode nonsecure"
                + " fallback monitoring timer 100 fallback hold-down timer " + holdDownSeconds);
        if (ticketPassword != null) {
            try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
                c.getMBeanServerConnection().invoke(SipPeers.TICKET, "configure", new Object[] {epoch, ticketPassword},
                        new String[] {"int", "java.lang.String"});
            }
        }
        admin("uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime " + tp);
        admin("uc-ime:inspect-sip outbound uc-ime " + tp + " tls-proxy local-to-remote");
    }

    /** The IME server: the call agent's credentials and a VAP server on the inside interface. */
    public void configureImeServer() throws Exception {
        appliance.await(ApplianceProcess.ADMIN, "ime:show-validator", out -> out.contains("Bucket Entropy"),
                Duration.ofSeconds(60));
        admin("ime:add-vapusercredentials " + VAP_USER + " " + VAP_PASSWORD);
        admin("ime:add-vapserver cucm " + vapPort + " authenticated");
    }

    public ApplianceProcess appliance() {
        return appliance;
    }

    public String admin(String command) throws Exception {
        return appliance.exec(ApplianceProcess.ADMIN, command);
    }

    /** A numeric MBean attribute. */
    public long counter(ObjectName mbean, String attribute) throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            return ((Number) s.getAttribute(mbean, attribute)).longValue();
        }
    }

    /** Waits (polling every 100 ms, bounded) until the attribute reaches {@code atLeast}; returns the last value. */
    public long awaitCounter(ObjectName mbean, String attribute, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            long value = -1;
            for (int i = 0; i < 5000 && System.nanoTime() < deadline; i++) {
                try {
                    value = ((Number) s.getAttribute(mbean, attribute)).longValue();
                    if (value >= atLeast) {
                        return value;
                    }
                } catch (javax.management.InstanceNotFoundException starting) {
                    // the module registers its MBean a moment after boot
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
            return value;
        }
    }

    @Override
    public void close() throws Exception {
        appliance.close();
    }
}
