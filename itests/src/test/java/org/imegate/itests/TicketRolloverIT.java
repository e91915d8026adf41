package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.remote.JMXConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Ticket epoch rollover with a call in flight, as decided: the epoch and password are locked while the
 * proxy is applied; the operator removes SIP inspection, sets epoch 2 with a new password and applies
 * it again. The call established under epoch 1 goes on to its BYE; a new call presenting an epoch-1
 * ticket is refused as an epoch mismatch; a new call with an epoch-2 ticket gets through.
 */
public class TicketRolloverIT {
    private static ApplianceProcess appliance;
    private static SipPeers peers;

    @Rule
    public Timeout timeout = new Timeout(300, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAndConfigure() throws Exception {
        peers = SipPeers.boot("rollover", "nonsecure");
        appliance = peers.appliance();
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    private static List<String> uac(String scenario, int port, int mediaPort, String holdMs) throws Exception {
        return List.of("-sf", peers.scenario(scenario), "-t", "t1", "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-mi", "127.0.0.1", "-mp", Integer.toString(mediaPort), "-key", "target", "127.0.0.3:5061", "-key",
                "callee", SipPeers.CALLED, "-key", "tport", "TLS", "-d", holdMs, "-m", "1", "127.0.0.1:15065");
    }

    @Test
    public void aCallInFlightSurvivesTheRolloverAndOnlyTheNewEpochIsAccepted() throws Exception {
        try (Peer cucm = peers.sipp("cucm-rollover", List.of("-sf", peers.scenario("uas-answer.xml"), "-t", "t1", "-i",
                SipPeers.CUCM, "-p", "5060", "-mi", SipPeers.CUCM, "-mp", "16400", "-m", "2"));
             Peer tunnel = peers.stunnelClient("remote-b-rollover", "127.0.0.1:15065", "127.0.0.3:5061", "enterprise-b",
                     "enterprise-a.example")) {
            cucm.awaitListening(new InetSocketAddress(SipPeers.CUCM, 5060), Duration.ofSeconds(20));
            tunnel.awaitListening(new InetSocketAddress("127.0.0.1", 15065), Duration.ofSeconds(20));
            try (Peer inFlight = peers.sipp("call-in-flight", uac("uac-call.xml", 5084, 17400, "20000"))) {
                appliance.await(ApplianceProcess.ADMIN, "uc-ime:show-signaling-sessions",
                        out -> out.startsWith("1 in use"), Duration.ofSeconds(30));

                String newPassword = SipPeers.ticketPassword();
                try {
                    peers.configureTicket(2, newPassword);
                    fail("the ticket changed while the proxy was applied to SIP inspection");
                } catch (Exception expected) {
                    assertTrue(String.valueOf(causes(expected)), causes(expected).contains(
                            "ERROR: uc-ime ent-a is applied to SIP inspection; remove the service policy first"));
                }
                peers.admin("uc-ime:no-inspect-sip inbound");
                peers.admin("uc-ime:no-inspect-sip outbound");
                peers.configureTicket(2, newPassword);
                peers.admin("uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime ent-a");
                peers.admin("uc-ime:inspect-sip outbound tls-proxy local-to-remote uc-ime ent-a");
                assertTrue(peers.admin("uc-ime:show-uc-ime").contains(" ticket epoch 2 password *****"));
                assertTrue("the call in flight was lost",
                        peers.admin("uc-ime:show-signaling-sessions").startsWith("1 in use"));

                long mismatchBefore = peers.counter(SipPeers.UC_IME, "TicketEpochMismatch");
                try (Peer old = peers.sipp("old-epoch", uac("uac-expect-403.xml", 5085, 17410, "0"))) {
                    assertEquals("an epoch-1 ticket was not refused:\n" + old.log(), 0, old.awaitExit(Duration.ofSeconds(60)));
                }
                assertEquals(mismatchBefore + 1, peers.counter(SipPeers.UC_IME, "TicketEpochMismatch"));

                String epoch2 = Tickets.issue(newPassword, 2, "enterprise-a.example", "enterprise-b.example",
                        List.of(SipPeers.CALLED), Instant.now());
                try (Peer fresh = peers.sipp("new-epoch", uac("uac-call.xml", 5086, 17420, "500"), epoch2)) {
                    assertEquals("an epoch-2 call failed:\n" + fresh.log() + "\nappliance:\n" + appliance.logTail(40),
                            0, fresh.awaitExit(Duration.ofSeconds(60)));
                }
                assertEquals("the call in flight did not end normally:\n" + inFlight.log(), 0,
                        inFlight.awaitExit(Duration.ofSeconds(60)));
            }
            assertEquals("the call agent saw failures:\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(30)));
        }
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append(" | ");
        }
        return b.toString();
    }
}
