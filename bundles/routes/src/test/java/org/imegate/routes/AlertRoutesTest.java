package org.imegate.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.impl.DefaultCamelContext;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.snmp.SnmpNotifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertRoutesTest {

    GreenMail smtp;
    AlertRoutes routes;

    @AfterEach
    void stop() {
        if (routes != null) {
            routes.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Never filled: a bounded pause between two checks of a condition. */
    private static final java.util.concurrent.BlockingQueue<Object> PAUSE =
            new java.util.concurrent.LinkedBlockingQueue<>();

    static boolean waitFor(java.util.function.BooleanSupplier c, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (long i = 0; i <= millis / 20 && System.nanoTime() < deadline; i++) {
            if (c.getAsBoolean()) {
                return true;
            }
            PAUSE.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return c.getAsBoolean();
    }

    @Test
    void everyReceiverGetsTheAlertAndADownOneBlocksNobody() throws Exception {
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", "smtp"));
        smtp.start();
        int down = freePort();
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(5000);
            NotifyConfig config = NotifyConfig.parse(Map.of(
                    "syslog.receivers", "tcp:127.0.0.1:" + down + ",udp:127.0.0.1:" + syslog.getLocalPort(),
                    "mail.host", "127.0.0.1", "mail.port", Integer.toString(smtp.getSmtp().getPort()),
                    "mail.from", "ime@enterprise-a.example", "mail.to", "noc@enterprise-a.example",
                    "redeliveries", "2", "redelivery.delay.ms", "10"));
            List<String> snmpSent = new CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicInteger informAttempts = new java.util.concurrent.atomic.AtomicInteger();
            SnmpNotifier snmp = new SnmpNotifier() {
                @Override
                public List<String> destinations() {
                    return List.of("inform3/127.0.0.1/16299", "trap3/127.0.0.1/16298");
                }

                @Override
                public void send(String destination, Alert alert) {
                    if (destination.startsWith("inform")) {
                        informAttempts.incrementAndGet();
                        throw new IllegalStateException("inform not acknowledged");
                    }
                    snmpSent.add(destination + " " + alert.name());
                }
            };
            List<Alert> jmx = new ArrayList<>();
            routes = new AlertRoutes(new DefaultCamelContext(), () -> config, () -> snmp, () -> null,
                    new SyslogSender("appliance-a", "4242"), new MailSender("appliance-a"), jmx::add);
            routes.start();
            Alert alert = new Alert("DRFBackupFailure", AlertSeverity.ERROR, AlertState.RAISED, "drs",
                    "Cisco DRF Backup process failed.", Map.of("device", "local1"), null);
            routes.submit(alert, true);

            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            syslog.receive(p);
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(msg.startsWith("<131>1 "), msg);
            assertTrue(msg.contains(" appliance-a imegate 4242 DRFBackupFailure [origin software=\"imegate\"] "
                    + "DRFBackupFailure RAISED error drs: Cisco DRF Backup process failed. device=local1"), msg);

            assertTrue(smtp.waitForIncomingEmail(10_000, 1));
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertEquals("[imegate] ERROR DRFBackupFailure RAISED", mail.getSubject());
            assertTrue(waitFor(() -> snmpSent.size() == 1 && routes.snmpFailed.get() == 1
                    && routes.syslogFailed.get() == 1 && routes.mailDelivered.get() == 1, 10_000),
                    "snmp " + snmpSent + " failed " + routes.snmpFailed + ", mail " + routes.mailDelivered);
            assertEquals(3, informAttempts.get(), "the inform is tried once and redelivered twice");
            assertEquals(1, jmx.size());
            assertEquals(1, routes.logged.get());
            assertNotNull(routes.camel().getRoute("alerts-fanout"));
        }
    }

    @Test
    void syslogMessageFormat() {
        SyslogSender s = new SyslogSender("host a", "1");
        String m = s.format(new Alert("X", AlertSeverity.NOTICE, AlertState.CLEARED, "m", "line1\nline2", null,
                java.time.Instant.parse("2026-11-21T10:00:00Z")), 23);
        assertEquals("<189>1 2026-11-21T10:00:00.000Z hosta imegate 1 X [origin software=\"imegate\"] "
                + "X CLEARED notice m: line1 line2", m);
    }
}
