package org.imegate.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.interfaces.NamedInterface;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.validation.ValidationException;
import org.imegate.platform.FileApplianceStore;
import org.imegate.platform.MasterKeySecretBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

class SnmpServiceTest {

    public interface FakeMBean {
        long getValidationsPending();
    }

    public static final class Fake implements FakeMBean {
        @Override
        public long getValidationsPending() {
            return 42;
        }
    }

    @TempDir
    Path dir;
    SnmpService service;
    int port;
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    ObjectName ime;

    @BeforeEach
    void start() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MemoryStore store = new MemoryStore();
        store.saved = SnmpSettings.defaults().withListener("127.0.0.1", port);
        FileApplianceStore appliance = new FileApplianceStore(dir.resolve("store"));
        service = new SnmpService(store, new MasterKeySecretBox(appliance), mbeans, new NamedInterfaces() {
            @Override
            public List<NamedInterface> all() {
                return List.of();
            }

            @Override
            public Optional<NamedInterface> find(String name) {
                return Optional.empty();
            }

            @Override
            public NamedInterface require(String parameter, String name) {
                throw new ValidationException(parameter, "no " + name);
            }
        }, appliance);
        service.start();
        ime = new ObjectName("org.imegate:type=ime,name=server");
    }

    @AfterEach
    void stop() throws Exception {
        service.stop();
        if (mbeans.isRegistered(ime)) {
            mbeans.unregisterMBean(ime);
        }
    }

    private Snmp manager(String user, String auth, String priv) throws Exception {
        // (in one JVM the manager shares SNMP4J's global USM with the agent: wrong keys are tested with net-snmp)
        Snmp snmp = new Snmp(new DefaultUdpTransportMapping());
        snmp.getUSM().addUser(new OctetString(user), new UsmUser(new OctetString(user), AuthSHA.ID,
                new OctetString(auth), PrivAES128.ID, new OctetString(priv)));
        snmp.listen();
        return snmp;
    }

    private PDU getV3(Snmp snmp, String user, OID oid) throws Exception {
        UserTarget<UdpAddress> t = new UserTarget<>();
        t.setAddress(new UdpAddress(InetAddress.getLoopbackAddress(), port));
        t.setVersion(SnmpConstants.version3);
        t.setSecurityLevel(SecurityLevel.AUTH_PRIV);
        t.setSecurityName(new OctetString(user));
        t.setTimeout(1000);
        t.setRetries(0);
        ScopedPDU pdu = new ScopedPDU();
        pdu.setType(PDU.GET);
        pdu.add(new VariableBinding(oid));
        ResponseEvent<UdpAddress> r = snmp.send(pdu, t);
        return r.getResponse();
    }

    @Test
    void v3AuthPrivReadsTheSystemGroupAndImegateCountersAndAnAbsentMBeanIsNoSuchObject() throws Exception {
        service.setMib2("Administrator, 555-121-6633", "San Jose, Bldg 23, 2nd floor");
        service.putUser(false, "nms", "SHA", "authpass1".toCharArray(), "AES128", "privpass1".toCharArray(),
                "ReadOnly", "");
        assertTrue(service.listening(), service.lastError());
        mbeans.registerMBean(new StandardMBean(new Fake(), FakeMBean.class), ime);
        Snmp good = manager("nms", "authpass1", "privpass1");
        try {
            PDU r = getV3(good, "nms", new OID("1.3.6.1.2.1.1.4.0"));
            assertNotNull(r, "no answer");
            assertEquals("Administrator, 555-121-6633", r.get(0).getVariable().toString());
            PDU pending = getV3(good, "nms", new OID(ImegateMib.OBJECTS + ".2.2.9.0"));
            assertEquals("42", pending.get(0).getVariable().toString());
            PDU absent = getV3(good, "nms", new OID(ImegateMib.OBJECTS + ".3.1.0"));
            assertEquals(Null.noSuchObject, absent.get(0).getVariable());
        } finally {
            good.close();
        }
    }

    @Test
    void communityReadsAndAWrongCommunityIsCountedAndHostsAreEnforced() throws Exception {
        service.addCommunity("mon", "s3cret-ro".toCharArray(), "ReadOnly", "");
        service.addCommunity("far", "s3cret-far".toCharArray(), "ReadOnly", "127.0.0.99");
        assertEquals("1.3.6.1.3.4242.3.1", v2c("s3cret-ro", "1.3.6.1.2.1.1.2.0").get(0).getVariable().toString());
        long bad = service.counters().badCommunityNames();
        assertNull(v2c("public", "1.3.6.1.2.1.1.2.0"));
        assertEquals(bad + 1, service.counters().badCommunityNames());
        long refused = service.counters().refusedByHost();
        assertNull(v2c("s3cret-far", "1.3.6.1.2.1.1.2.0"));
        assertEquals(refused + 1, service.counters().refusedByHost());
        assertFalse(service.showConfig(null).contains("s3cret"));
    }

    private PDU v2c(String community, String oid) throws Exception {
        try (Snmp snmp = new Snmp(new DefaultUdpTransportMapping())) {
            snmp.listen();
            CommunityTarget<UdpAddress> t = new CommunityTarget<>(new UdpAddress(InetAddress.getLoopbackAddress(), port),
                    new OctetString(community));
            t.setVersion(SnmpConstants.version2c);
            t.setTimeout(1000);
            t.setRetries(0);
            PDU pdu = new PDU();
            pdu.add(new VariableBinding(new OID(oid)));
            return snmp.send(pdu, t).getResponse();
        }
    }

    @Test
    void aV2cTrapCarriesTheAlertsNotificationAndObjects() throws Exception {
        BlockingQueue<PDU> received = new LinkedBlockingQueue<>();
        try (Snmp receiver = new Snmp(new DefaultUdpTransportMapping(new UdpAddress(InetAddress.getLoopbackAddress(), 0)))) {
            receiver.addCommandResponder(new CommandResponder() {
                @Override
                public <A extends org.snmp4j.smi.Address> void processPdu(CommandResponderEvent<A> e) {
                    received.add(e.getPDU());
                }
            });
            receiver.listen();
            int rport = ((UdpAddress) receiver.getMessageDispatcher().getTransportMappings().iterator().next()
                    .getListenAddress()).getPort();
            service.addNotifyDestination("127.0.0.1", rport, "2c", "trap", "traps-ok".toCharArray());
            String id = service.destinations().get(0);
            service.send(id, new Alert("ValidationsPendingExceeded", AlertSeverity.CRITICAL, AlertState.RAISED, "ime",
                    "Cisco IME pending validations exceeded 100", null, null));
            PDU trap = received.poll(5, TimeUnit.SECONDS);
            assertNotNull(trap, "no trap");
            assertEquals(new OID(ImegateMib.NOTIFICATIONS + ".10"), trap.getVariable(SnmpConstants.snmpTrapOID));
            assertEquals("Cisco IME pending validations exceeded 100",
                    trap.getVariable(new OID(ImegateMib.ALERT_TEXT + ".0")).toString());
            assertEquals("3", trap.getVariable(new OID(ImegateMib.ALERT_SEVERITY + ".0")).toString());
        }
    }

    @Test
    void refusals() {
        assertThrows(ValidationException.class, () -> service.putUser(false, "x", "SHA", "short".toCharArray(),
                "none", null, "ReadOnly", ""));
        assertThrows(ValidationException.class, () -> service.putUser(false, "bad name", "SHA",
                "longenough".toCharArray(), "none", null, "ReadOnly", ""));
        service.putUser(false, "ro", "SHA", "longenough".toCharArray(), "none", null, "ReadOnly", "");
        ValidationException e = assertThrows(ValidationException.class,
                () -> service.addV3Destination(false, "127.0.0.1", 162, "ro", ""));
        assertTrue(e.getMessage().contains("NotifyOnly"), e.getMessage());
        assertThrows(ValidationException.class, () -> service.addV3Destination(true, "127.0.0.1", 162, "ro", "zz"));
    }
}
