package org.imegate.snmp;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.management.MBeanServer;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertState;
import org.imegate.snmp.SnmpSettings.AccessPrivilege;
import org.imegate.snmp.SnmpSettings.Community;
import org.imegate.snmp.SnmpSettings.Destination;
import org.imegate.snmp.SnmpSettings.User;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.PDUv1;
import org.snmp4j.ScopedPDU;
import org.snmp4j.UserTarget;
import org.snmp4j.agent.BaseAgent;
import org.snmp4j.agent.CommandProcessor;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.mo.snmp.SnmpCommunityMIB;
import org.snmp4j.agent.mo.snmp.SnmpNotificationMIB;
import org.snmp4j.agent.mo.snmp.SnmpTargetMIB;
import org.snmp4j.agent.mo.snmp.StorageType;
import org.snmp4j.agent.mo.snmp.VacmMIB;
import org.snmp4j.agent.security.MutableVACM;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC128SHA224;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES192;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.TransportIpAddress;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.mp.CounterSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the SNMP agent (SNMP4J agent) with one {@link SnmpSettings}: a UDP listener, USM users, v1/v2c
 * communities mapped to VACM groups by access privilege, the MIB-II system and snmp groups, the USM statistics
 * and IMEGATE-MIB. A change of settings stops it and starts a new one, as the seed's commands restart the SNMP
 * Master Agent. It also sends the alert notifications, from its own engine (its engine ID authenticates v3 traps).
 *
 * <p>Views: every object is readable by users and communities allowed to read (the USM user table excepted);
 * only the MIB-II system group is writable. The configuration MIBs of SNMP4J (target, notification, VACM,
 * community, proxy, SNMP4J's own) are not registered: the configuration is changed by the shell and JMX only.
 */
final class SnmpAgent extends BaseAgent {
    private static final Logger LOG = LoggerFactory.getLogger(SnmpAgent.class);
    private static final OID ALL = new OID("1.3");
    private static final OID SYSTEM = new OID("1.3.6.1.2.1.1");
    private static final OID USM_USER_TABLE = new OID("1.3.6.1.6.3.15.1.2");
    private static final OctetString READ = new OctetString("read");
    private static final OctetString WRITE = new OctetString("write");
    private static final OctetString NOTIFY = new OctetString("notify");
    static final int INFORM_TIMEOUT_MS = 1500;
    static final int INFORM_RETRIES = 2;

    private final SnmpSettings settings;
    private final InetAddress bind;
    private final Function<String, byte[]> open;
    private final MBeanServer mbeans;
    private final SnmpCounters counters;
    private final OctetString engineId;
    /** security name (user, or community string) → accepted hosts; absent = unknown name */
    private final Map<String, List<String>> hostsOf = new HashMap<>();

    SnmpAgent(File bootCounterFile, byte[] engineId, SnmpSettings settings, InetAddress bind,
            Function<String, byte[]> open, MBeanServer mbeans, SnmpCounters counters) {
        super(bootCounterFile, null, new CommandProcessor(new OctetString(engineId)));
        this.settings = settings;
        this.bind = bind;
        this.open = open;
        this.mbeans = mbeans;
        this.counters = counters;
        this.engineId = new OctetString(engineId);
        this.sysDescr = new OctetString("imegate Intercompany Media Engine appliance");
        this.sysOID = new OID(ImegateMib.APPLIANCE);
        this.sysServices = new Integer32(72);
    }

    /** Binds the listener and starts answering; throws when the address cannot be bound. */
    void start() throws IOException {
        SecurityProtocols p = SecurityProtocols.getInstance();
        p.addDefaultProtocols();
        p.addAuthenticationProtocol(new AuthSHA());
        init();
        snmpv2MIB.setContact(new OctetString(settings.sysContact()));
        snmpv2MIB.setLocation(new OctetString(settings.sysLocation()));
        snmpv2MIB.setName(new OctetString(hostName()));
        finishInit();
        run();
        if (agentState != STATE_RUNNING) {
            stopQuietly();
            throw new IOException("the SNMP agent could not listen on " + bind.getHostAddress() + ":" + settings.port());
        }
    }

    void stopQuietly() {
        try {
            if (agentState == STATE_RUNNING) {
                stop();
            } else if (session != null) {
                session.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the SNMP session: {}", e.toString());
        }
        for (var t : transportMappings == null ? List.<org.snmp4j.TransportMapping<?>>of()
                : List.of(transportMappings)) {
            try {
                t.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing {}: {}", t, e.toString());
            }
        }
        // the USM and MPv3 count on the global CounterSupport: take this run's listeners off it
        CounterSupport global = CounterSupport.getInstance();
        if (snmpv2MIB != null) {
            global.removeCounterListener(snmpv2MIB);
        }
        if (snmpMpdMib != null) {
            global.removeCounterListener(snmpMpdMib);
        }
        global.removeCounterListener(counters);
    }

    @Override
    protected void initTransportMappings() throws IOException {
        transportMappings = new org.snmp4j.TransportMapping<?>[] {
            new DefaultUdpTransportMapping(new UdpAddress(bind, settings.port()), true)};
    }

    @Override
    protected void initMessageDispatcher() {
        super.initMessageDispatcher();
        dispatcher.addCounterListener(counters);
        agent.addCounterListener(counters);
        CounterSupport.getInstance().addCounterListener(counters);
    }

    @Override
    protected void finishInit() {
        // before the command processor: refuse requests from hosts a user or community does not accept
        dispatcher.addCommandResponder(new HostFilter());
        super.finishInit();
    }

    @Override
    protected void registerSnmpMIBs() {
        try {
            snmpv2MIB.registerMOs(server, getContext(snmpv2MIB));
            snmpMpdMib.registerMOs(server, getContext(snmpMpdMib));
            snmpFrameworkMIB.registerMOs(server, getContext(snmpFrameworkMIB));
            usmMIB.registerMOs(server, getContext(usmMIB));
            registerManagedObjects();
        } catch (DuplicateRegistrationException e) {
            throw new IllegalStateException("MIB registration", e);
        }
    }

    @Override
    protected void unregisterSnmpMIBs() {
        snmpv2MIB.unregisterMOs(server, getContext(snmpv2MIB));
        snmpMpdMib.unregisterMOs(server, getContext(snmpMpdMib));
        snmpFrameworkMIB.unregisterMOs(server, getContext(snmpFrameworkMIB));
        usmMIB.unregisterMOs(server, getContext(usmMIB));
        unregisterManagedObjects();
    }

    @Override
    protected void registerManagedObjects() {
        try {
            for (ImegateMib.Counter c : ImegateMib.counters()) {
                server.register(new MBeanScalar(c, mbeans), null);
            }
        } catch (DuplicateRegistrationException e) {
            throw new IllegalStateException("IMEGATE-MIB registration", e);
        }
    }

    @Override
    protected void unregisterManagedObjects() {
        // the server goes with this run of the agent
    }

    @Override
    protected void addUsmUser(USM usm) {
        for (User u : settings.users()) {
            hostsOf.put(u.name(), u.hosts());
            UsmUser user = usmUser(u);
            usm.addUser(user.getSecurityName(), usm.getLocalEngineID(), user);
            for (Destination d : settings.destinations()) {
                if (d.kind() == SnmpSettings.Kind.INFORM3 && d.username().equals(u.name())) {
                    usm.addUser(user.getSecurityName(), new OctetString(SnmpSettings.engineIdBytes(d.engineId())),
                            usmUser(u));
                }
            }
        }
    }

    private UsmUser usmUser(User u) {
        OID auth = switch (u.auth()) {
            case NONE -> null;
            case SHA -> AuthSHA.ID;
            case SHA224 -> AuthHMAC128SHA224.ID;
            case SHA256 -> AuthHMAC192SHA256.ID;
            case SHA384 -> AuthHMAC256SHA384.ID;
            case SHA512 -> AuthHMAC384SHA512.ID;
        };
        OID priv = switch (u.priv()) {
            case NONE -> null;
            case AES128 -> PrivAES128.ID;
            case AES192 -> PrivAES192.ID;
            case AES256 -> PrivAES256.ID;
        };
        return new UsmUser(new OctetString(u.name()), auth, auth == null ? null : new OctetString(open.apply(
                u.authSealed())), priv, priv == null ? null : new OctetString(open.apply(u.privSealed())));
    }

    @Override
    protected void addCommunities(SnmpCommunityMIB communityMIB) {
        for (Community c : settings.communities()) {
            byte[] string = open.apply(c.sealed());
            hostsOf.put(new String(string, StandardCharsets.ISO_8859_1), c.hosts());
            communityMIB.addSnmpCommunityEntry(new OctetString(c.name()), new OctetString(string),
                    communitySecurityName(c), agent.getContextEngineID(), new OctetString(), new OctetString(),
                    StorageType.volatile_);
        }
    }

    private static OctetString communitySecurityName(Community c) {
        return new OctetString("community-" + c.name());
    }

    @Override
    protected void addViews(VacmMIB vacm) {
        vacm.addViewTreeFamily(READ, ALL, new OctetString(), VacmMIB.vacmViewIncluded, StorageType.volatile_);
        vacm.addViewTreeFamily(READ, USM_USER_TABLE, new OctetString(), VacmMIB.vacmViewExcluded,
                StorageType.volatile_);
        vacm.addViewTreeFamily(WRITE, SYSTEM, new OctetString(), VacmMIB.vacmViewIncluded, StorageType.volatile_);
        vacm.addViewTreeFamily(NOTIFY, ALL, new OctetString(), VacmMIB.vacmViewIncluded, StorageType.volatile_);
        Set<String> accesses = new LinkedHashSet<>();
        for (User u : settings.users()) {
            if (u.access() == AccessPrivilege.None) {
                continue;
            }
            int level = level(u);
            OctetString group = new OctetString("v3-" + u.access().name() + "-" + level);
            vacm.addGroup(SecurityModel.SECURITY_MODEL_USM, new OctetString(u.name()), group, StorageType.volatile_);
            if (accesses.add(group.toString())) {
                vacm.addAccess(group, new OctetString(), SecurityModel.SECURITY_MODEL_USM, level,
                        MutableVACM.VACM_MATCH_EXACT, u.access().read ? READ : new OctetString(),
                        u.access().write ? WRITE : new OctetString(), u.access().notify ? NOTIFY : new OctetString(),
                        StorageType.volatile_);
            }
        }
        for (Community c : settings.communities()) {
            if (c.access() == AccessPrivilege.None) {
                continue;
            }
            OctetString group = new OctetString("community-" + c.access().name());
            vacm.addGroup(SecurityModel.SECURITY_MODEL_SNMPv1, communitySecurityName(c), group, StorageType.volatile_);
            vacm.addGroup(SecurityModel.SECURITY_MODEL_SNMPv2c, communitySecurityName(c), group,
                    StorageType.volatile_);
            if (accesses.add(group.toString())) {
                vacm.addAccess(group, new OctetString(), SecurityModel.SECURITY_MODEL_ANY, SecurityLevel.NOAUTH_NOPRIV,
                        MutableVACM.VACM_MATCH_EXACT, c.access().read ? READ : new OctetString(),
                        c.access().write ? WRITE : new OctetString(), c.access().notify ? NOTIFY : new OctetString(),
                        StorageType.volatile_);
            }
        }
    }

    private static int level(User u) {
        return switch (u.level()) {
            case "noAuthNoPriv" -> SecurityLevel.NOAUTH_NOPRIV;
            case "authNoPriv" -> SecurityLevel.AUTH_NOPRIV;
            default -> SecurityLevel.AUTH_PRIV;
        };
    }

    @Override
    protected void addNotificationTargets(SnmpTargetMIB targetMIB, SnmpNotificationMIB notificationMIB) {
        // notifications are sent per destination by send(), not through the target MIB
    }

    /** The local engine ID this run uses. */
    OctetString engineId() {
        return engineId;
    }

    int engineBoots() {
        return usm == null ? 0 : usm.getEngineBoots();
    }

    /**
     * Sends {@code alert} to {@code d}. A trap returns once sent; an inform returns when acknowledged, and throws
     * IllegalStateException when it is not (after {@value #INFORM_RETRIES} retries).
     */
    void send(Destination d, Alert alert) throws IOException {
        UdpAddress to = new UdpAddress(InetAddress.getByName(d.ip()), d.port());
        VariableBinding[] objects = alertObjects(alert);
        OID trapOid = new OID(ImegateMib.notificationOid(alert.name()));
        TimeTicks upTime = snmpv2MIB.getSysUpTime().get();
        switch (d.kind()) {
            case TRAP3, INFORM3 -> {
                User u = settings.user(d.username()).orElseThrow(() -> new IllegalStateException(
                        "destination " + d.id() + " names user " + d.username() + ", which no longer exists"));
                ScopedPDU pdu = new ScopedPDU();
                pdu.setType(d.kind() == SnmpSettings.Kind.INFORM3 ? PDU.INFORM : PDU.TRAP);
                pdu.setContextEngineID(engineId);
                fill(pdu, upTime, trapOid, objects);
                UserTarget<UdpAddress> target = new UserTarget<>();
                target.setAddress(to);
                target.setVersion(SnmpConstants.version3);
                target.setSecurityName(new OctetString(u.name()));
                target.setSecurityLevel(level(u));
                target.setTimeout(INFORM_TIMEOUT_MS);
                target.setRetries(INFORM_RETRIES);
                if (d.kind() == SnmpSettings.Kind.INFORM3) {
                    target.setAuthoritativeEngineID(SnmpSettings.engineIdBytes(d.engineId()));
                    acknowledged(d, session.send(pdu, target));
                } else {
                    session.send(pdu, target);
                    counters.trapsSent.incrementAndGet();
                }
            }
            case NOTIFY2C -> {
                PDU pdu = new PDU();
                pdu.setType(d.inform() ? PDU.INFORM : PDU.TRAP);
                fill(pdu, upTime, trapOid, objects);
                CommunityTarget<UdpAddress> target = new CommunityTarget<>(to,
                        new OctetString(open.apply(d.communitySealed())));
                target.setVersion(SnmpConstants.version2c);
                target.setTimeout(INFORM_TIMEOUT_MS);
                target.setRetries(INFORM_RETRIES);
                if (d.inform()) {
                    acknowledged(d, session.send(pdu, target));
                } else {
                    session.send(pdu, target);
                    counters.trapsSent.incrementAndGet();
                }
            }
            case NOTIFY1 -> {
                PDUv1 pdu = new PDUv1();
                pdu.setType(PDU.V1TRAP);
                pdu.setEnterprise(new OID(ImegateMib.ROOT));
                pdu.setGenericTrap(PDUv1.ENTERPRISE_SPECIFIC);
                pdu.setSpecificTrap(trapOid.last());
                pdu.setTimestamp(upTime.getValue());
                pdu.setAgentAddress(new IpAddress(bind.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bind));
                for (VariableBinding vb : objects) {
                    pdu.add(vb);
                }
                CommunityTarget<UdpAddress> target = new CommunityTarget<>(to,
                        new OctetString(open.apply(d.communitySealed())));
                target.setVersion(SnmpConstants.version1);
                session.send(pdu, target);
                counters.trapsSent.incrementAndGet();
            }
        }
    }

    private void acknowledged(Destination d, ResponseEvent<?> r) {
        if (r == null || r.getResponse() == null) {
            counters.informsFailed.incrementAndGet();
            throw new IllegalStateException("inform to " + d.id() + " not acknowledged after " + (INFORM_RETRIES + 1)
                    + " attempts of " + INFORM_TIMEOUT_MS + " ms" + (r != null && r.getError() != null
                    ? ": " + r.getError().getMessage() : ""));
        }
        if (r.getResponse().getErrorStatus() != PDU.noError) {
            counters.informsFailed.incrementAndGet();
            throw new IllegalStateException("inform to " + d.id() + " answered " + r.getResponse().getErrorStatusText());
        }
        counters.informsAcknowledged.incrementAndGet();
    }

    private static void fill(PDU pdu, TimeTicks upTime, OID trapOid, VariableBinding[] objects) {
        pdu.add(new VariableBinding(SnmpConstants.sysUpTime, upTime));
        pdu.add(new VariableBinding(SnmpConstants.snmpTrapOID, trapOid));
        for (VariableBinding vb : objects) {
            pdu.add(vb);
        }
    }

    /** The IMEGATE-MIB alert objects of {@code alert}, instance {@code .0}. */
    static VariableBinding[] alertObjects(Alert alert) {
        String time = DateTimeFormatter.ISO_INSTANT.format(alert.time().atOffset(ZoneOffset.UTC));
        return new VariableBinding[] {
            new VariableBinding(new OID(ImegateMib.ALERT_NAME + ".0"), new OctetString(alert.name())),
            new VariableBinding(new OID(ImegateMib.ALERT_SEVERITY + ".0"),
                    new Integer32(alert.severity().syslogLevel() + 1)),
            new VariableBinding(new OID(ImegateMib.ALERT_STATE + ".0"),
                    new Integer32(alert.state() == AlertState.RAISED ? 1 : 2)),
            new VariableBinding(new OID(ImegateMib.ALERT_MODULE + ".0"), new OctetString(alert.module())),
            new VariableBinding(new OID(ImegateMib.ALERT_TEXT + ".0"), new OctetString(truncate(alert.message()))),
            new VariableBinding(new OID(ImegateMib.ALERT_TIME + ".0"), new OctetString(time))};
    }

    private static String truncate(String s) {
        return s.length() > 1024 ? s.substring(0, 1021) + "..." : s;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "imegate";
        }
    }

    /** Drops requests from hosts a user or community does not accept, and counts the requests let through. */
    private final class HostFilter implements CommandResponder {
        @Override
        public <A extends Address> void processPdu(CommandResponderEvent<A> e) {
            if (e.getPDU() == null) {
                return;
            }
            int type = e.getPDU().getType();
            if (type == PDU.RESPONSE || type == PDU.REPORT || type == PDU.TRAP || type == PDU.V1TRAP
                    || type == PDU.INFORM) {
                return;
            }
            String name = new String(e.getSecurityName(), StandardCharsets.ISO_8859_1);
            List<String> hosts = hostsOf.get(name);
            if (hosts == null) {
                return; // unknown community or user: the agent refuses and counts it
            }
            String from = e.getPeerAddress() instanceof TransportIpAddress t ? t.getInetAddress().getHostAddress() : "";
            if (!hosts.isEmpty() && !hosts.contains(from)) {
                e.setProcessed(true);
                counters.refusedByHost.incrementAndGet();
                LOG.warn("SNMP request from {} refused: not an accepted host of {}", from,
                        e.getSecurityModel() == SecurityModel.SECURITY_MODEL_USM ? "user " + name : "the community");
                return;
            }
            counters.requestsProcessed.incrementAndGet();
        }
    }

    static {
        // SNMP4J logs through java.util.logging, which Karaf's logging service collects
        org.snmp4j.log.LogFactory.setLogFactory(new org.snmp4j.log.JavaLogFactory());
    }
}
