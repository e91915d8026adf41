package org.imegate.snmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.management.MBeanServer;
import org.imegate.api.alert.Alert;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.interfaces.NamedInterface;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.secret.ApplianceStore;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.snmp.SnmpNotifier;
import org.imegate.api.validation.Validate;
import org.imegate.snmp.SnmpSettings.AccessPrivilege;
import org.imegate.snmp.SnmpSettings.AuthProtocol;
import org.imegate.snmp.SnmpSettings.Community;
import org.imegate.snmp.SnmpSettings.Destination;
import org.imegate.snmp.SnmpSettings.Kind;
import org.imegate.snmp.SnmpSettings.PrivProtocol;
import org.imegate.snmp.SnmpSettings.User;
import org.snmp4j.mp.MPv3;
import org.snmp4j.smi.OctetString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SNMP agent service: its configuration (validated, persisted, secrets sealed), the running agent (restarted
 * on every change), and the notification sender. Shell commands and the MBean go through here.
 */
public class SnmpService implements SnmpNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(SnmpService.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);
    static final String ENGINE_ID_FILE = "engine-id";
    static final String BOOTS_FILE = "engine-boots";

    private final SnmpStore store;
    private final SecretBox box;
    private final MBeanServer mbeans;
    private final NamedInterfaces interfaces;
    private final Path directory;
    private final byte[] engineId;
    private final SnmpCounters counters = new SnmpCounters();
    private volatile SnmpSettings settings;
    private volatile SnmpAgent agent;
    private volatile String listenAddress = "";
    private volatile String lastError = "";

    public SnmpService(SnmpStore store, SecretBox box, MBeanServer mbeans, NamedInterfaces interfaces,
            ApplianceStore applianceStore) {
        this.store = store;
        this.box = box;
        this.mbeans = mbeans;
        this.interfaces = interfaces;
        this.directory = applianceStore.directory("snmp");
        this.engineId = loadOrCreateEngineId(directory.resolve(ENGINE_ID_FILE));
        this.settings = store.load();
    }

    /** The persisted local engine ID (RFC 3411 format, SNMP4J's enterprise number, 8 random octets). */
    static byte[] loadOrCreateEngineId(Path file) {
        try {
            if (Files.exists(file)) {
                String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
                return SnmpSettings.engineIdBytes(SnmpSettings.engineId(hex));
            }
            byte[] random = new byte[8];
            new SecureRandom().nextBytes(random);
            byte[] id = MPv3.createLocalEngineID(new OctetString(random));
            Files.writeString(file, SnmpSettings.hex(id) + "\n", StandardCharsets.US_ASCII);
            LOG.info("generated the SNMP local engine ID {}", SnmpSettings.hex(id));
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the SNMP engine ID " + file, e);
        }
    }

    /** Starts the agent with the saved configuration; a listener that cannot bind is logged, not fatal. */
    public synchronized void start() {
        restart();
    }

    public synchronized void stop() {
        SnmpAgent a = agent;
        agent = null;
        if (a != null) {
            a.stopQuietly();
            LOG.info("SNMP agent stopped");
        }
    }

    private void restart() {
        stop();
        SnmpSettings s = settings;
        InetAddress bind;
        try {
            bind = resolve(s.address());
        } catch (IOException | IllegalArgumentException e) {
            lastError = "address " + s.address() + " is not usable: " + e.getMessage();
            LOG.error("SNMP agent not started: {}", lastError);
            return;
        }
        listenAddress = bind.getHostAddress() + ":" + s.port();
        SnmpAgent a = new SnmpAgent(directory.resolve(BOOTS_FILE).toFile(), engineId, s, bind, box::open, mbeans,
                counters);
        try {
            a.start();
            agent = a;
            lastError = "";
            LOG.info("SNMP agent listening on {}/udp, engine ID {}, {} users, {} communities, {} destinations",
                    listenAddress, SnmpSettings.hex(engineId), s.users().size(), s.communities().size(),
                    s.destinations().size());
        } catch (IOException | RuntimeException e) {
            a.stopQuietly();
            lastError = e.getMessage();
            LOG.error("SNMP agent not listening on {}: {}", listenAddress, e.getMessage());
        }
    }

    private InetAddress resolve(String address) throws IOException {
        if (SnmpSettings.isLiteral(address)) {
            return InetAddress.getByName(address);
        }
        return interfaces.find(address).map(NamedInterface::address).orElseThrow(() -> new IOException(
                "no interface named " + address));
    }

    // ---- state

    public SnmpSettings settings() {
        return settings;
    }

    public SnmpCounters counters() {
        return counters;
    }

    public boolean listening() {
        return agent != null;
    }

    public String listenAddress() {
        return listenAddress;
    }

    public String lastError() {
        return lastError;
    }

    public String engineIdHex() {
        return SnmpSettings.hex(engineId);
    }

    public int engineBoots() {
        SnmpAgent a = agent;
        return a == null ? 0 : a.engineBoots();
    }

    // ---- configuration (each change is saved, audited and restarts the agent)

    private synchronized void change(String what, UnaryOperator<SnmpSettings> f) {
        SnmpSettings before = settings;
        SnmpSettings after = f.apply(before);
        store.save(before, after);
        settings = after;
        AUDIT.info("snmp: {}", what);
        LOG.info("SNMP configuration changed ({}), restarting the agent", what);
        restart();
    }

    /** {@code utils snmp config user 3 add}; {@code update} replaces an existing user. */
    public void putUser(boolean update, String username, String authProtocol, char[] authPassphrase,
            String privProtocol, char[] privPassphrase, String accessPrivilege, String hosts) {
        String name = SnmpSettings.username(username);
        AuthProtocol auth = AuthProtocol.parse("authprotocol", authProtocol);
        PrivProtocol priv = PrivProtocol.parse("privprotocol", privProtocol);
        AccessPrivilege access = AccessPrivilege.parse(accessPrivilege);
        List<String> accepted = SnmpSettings.hosts(hosts);
        String authSealed = "";
        String privSealed = "";
        if (auth != AuthProtocol.NONE) {
            authSealed = seal(SnmpSettings.passphrase("authpassphrase", authPassphrase));
        }
        if (priv != PrivProtocol.NONE) {
            privSealed = seal(SnmpSettings.passphrase("privpassphrase", privPassphrase));
        }
        User user = new User(name, auth, authSealed, priv, privSealed, access, accepted);
        change((update ? "user 3 update " : "user 3 add ") + name + " " + user.level() + " " + access, s -> {
            boolean exists = s.user(name).isPresent();
            if (update && !exists) {
                throw Validate.unknown("username", name);
            }
            if (!update && exists) {
                throw Validate.duplicate("username", name);
            }
            List<User> users = new ArrayList<>(s.users());
            users.removeIf(u -> u.name().equals(name));
            users.add(user);
            return s.withUsers(users);
        });
    }

    public void deleteUser(String username) {
        String name = SnmpSettings.username(username);
        change("user 3 delete " + name, s -> {
            if (s.user(name).isEmpty()) {
                throw Validate.unknown("username", name);
            }
            s.destinations().stream().filter(d -> name.equals(d.username())).findFirst().ifPresent(d -> {
                throw Validate.inUse("username", name, "notification destination " + d.id());
            });
            List<User> users = new ArrayList<>(s.users());
            users.removeIf(u -> u.name().equals(name));
            return s.withUsers(users);
        });
    }

    /** {@code utils snmp config trap 3 add} / {@code inform 3 add} ({@code engineId} for informs only). */
    public void addV3Destination(boolean inform, String ipAddress, int port, String username, String engineId) {
        String ip = SnmpSettings.ip("ipaddress", ipAddress);
        int p = SnmpSettings.port("portno", port);
        String name = SnmpSettings.username(username);
        String engine = inform ? SnmpSettings.engineId(engineId) : "";
        Destination d = new Destination(inform ? Kind.INFORM3 : Kind.TRAP3, ip, p, name, engine, inform, "");
        change((inform ? "inform 3 add " : "trap 3 add ") + d.id() + " user " + name, s -> {
            User u = s.user(name).orElseThrow(() -> Validate.unknown("username", name));
            if (!u.access().notify) {
                throw Validate.fail("username", name, "has access privilege " + u.access()
                        + "; notifications need NotifyOnly, ReadNotifyOnly or ReadWriteNotify");
            }
            if (s.destination(d.id()).isPresent()) {
                throw Validate.duplicate(inform ? "inform destination" : "trap destination", ip + " " + p);
            }
            List<Destination> all = new ArrayList<>(s.destinations());
            all.add(d);
            return s.withDestinations(all);
        });
    }

    /** {@code utils snmp config 1/2c notify add}. */
    public void addNotifyDestination(String ipAddress, int port, String version, String type, char[] community) {
        String ip = SnmpSettings.ip("ipaddress", ipAddress);
        int p = SnmpSettings.port("portno", port);
        String v = Validate.required("version", version).trim();
        if (!v.equals("1") && !v.equals("2c")) {
            throw Validate.fail("version", version, "must be 1 or 2c");
        }
        String t = Validate.required("type", type).trim();
        if (!t.equals("trap") && !t.equals("inform")) {
            throw Validate.fail("type", type, "must be trap or inform");
        }
        if (v.equals("1") && t.equals("inform")) {
            throw Validate.fail("type", type, "is not available in SNMPv1 (traps only)");
        }
        String sealed = seal(SnmpSettings.communityString(community));
        Destination d = new Destination(v.equals("1") ? Kind.NOTIFY1 : Kind.NOTIFY2C, ip, p, "", "",
                t.equals("inform"), sealed);
        change("1/2c notify add " + d.id() + " " + t, s -> {
            if (s.destination(d.id()).isPresent()) {
                throw Validate.duplicate("notify destination", ip + " " + p);
            }
            List<Destination> all = new ArrayList<>(s.destinations());
            all.add(d);
            return s.withDestinations(all);
        });
    }

    public void deleteDestination(String kind, String ipAddress, int port) {
        Kind k = Kind.parse(kind);
        String ip = SnmpSettings.ip("ipaddress", ipAddress);
        String id = k.id + "/" + ip + "/" + SnmpSettings.port("portno", port);
        change("delete destination " + id, s -> {
            if (s.destination(id).isEmpty()) {
                throw Validate.unknown("destination", ip + " " + port);
            }
            List<Destination> all = new ArrayList<>(s.destinations());
            all.removeIf(d -> d.id().equals(id));
            return s.withDestinations(all);
        });
    }

    /** {@code utils snmp config 1/2c community-string add}. */
    public void addCommunity(String label, char[] community, String accessPrivilege, String hosts) {
        String name = SnmpSettings.communityName(label);
        AccessPrivilege access = AccessPrivilege.parse(accessPrivilege);
        List<String> accepted = SnmpSettings.hosts(hosts);
        char[] string = SnmpSettings.communityString(community);
        String plain = new String(string);
        change("1/2c community-string add " + name + " " + access, s -> {
            if (s.community(name).isPresent()) {
                throw Validate.duplicate("community", name);
            }
            for (Community c : s.communities()) {
                if (new String(box.open(c.sealed()), StandardCharsets.ISO_8859_1).equals(plain)) {
                    throw Validate.fail("community-string", SecretBox.MASK, "is already used by community " + c.name());
                }
            }
            List<Community> all = new ArrayList<>(s.communities());
            all.add(new Community(name, seal(string), access, accepted));
            return s.withCommunities(all);
        });
    }

    public void deleteCommunity(String label) {
        String name = SnmpSettings.communityName(label);
        change("1/2c community-string delete " + name, s -> {
            if (s.community(name).isEmpty()) {
                throw Validate.unknown("community", name);
            }
            List<Community> all = new ArrayList<>(s.communities());
            all.removeIf(c -> c.name().equals(name));
            return s.withCommunities(all);
        });
    }

    /** {@code utils snmp config mib2 add/update}; delete = both empty. */
    public void setMib2(String contact, String location) {
        String c = SnmpSettings.text("syscontact", contact, 255);
        String l = SnmpSettings.text("syslocation", location, 255);
        change("mib2 syscontact '" + c + "' syslocation '" + l + "'", s -> s.withMib2(c, l));
    }

    /** The listener: a named interface or a literal address, and a UDP port. */
    public void setListener(String address, int port) {
        String a = Validate.required("address", address).trim();
        if (!SnmpSettings.isLiteral(a)) {
            interfaces.require("address", a);
        } else {
            SnmpSettings.ip("address", a);
        }
        int p = SnmpSettings.port("port", port);
        change("listener " + a + " port " + p, s -> s.withListener(a, p));
    }

    private String seal(char[] secret) {
        byte[] bytes = new String(secret).getBytes(StandardCharsets.UTF_8);
        try {
            return box.seal(bytes);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    // ---- notifications

    @Override
    public List<String> destinations() {
        return settings.destinations().stream().map(Destination::id).toList();
    }

    @Override
    public void send(String destination, Alert alert) {
        Destination d = settings.destination(destination).orElseThrow(() -> new IllegalArgumentException(
                "no SNMP notification destination " + destination));
        SnmpAgent a = agent;
        if (a == null) {
            throw new IllegalStateException("the SNMP agent is not running" + (lastError.isEmpty() ? ""
                    : ": " + lastError));
        }
        try {
            a.send(d, alert);
        } catch (IOException e) {
            throw new IllegalStateException("notification to " + destination + " not sent: " + e.getMessage(), e);
        }
    }

    // ---- texts

    /** The lists of the seed's {@code list} commands, secrets masked. */
    public String showConfig(String what) {
        SnmpSettings s = settings;
        StringBuilder b = new StringBuilder();
        boolean all = what == null || what.isBlank();
        if (all || what.equals("agent")) {
            b.append("SNMP agent: ").append(listening() ? "listening on " + listenAddress + "/udp"
                    : "not listening" + (lastError.isEmpty() ? "" : " (" + lastError + ")")).append('\n');
            b.append(" configured address ").append(s.address()).append(" port ").append(s.port()).append('\n');
            b.append(" local engine ID ").append(engineIdHex()).append(", engine boots ").append(engineBoots())
                    .append('\n');
        }
        if (all || what.equals("mib2")) {
            b.append("MIB2 system group:\n");
            b.append(" SysContact: ").append(s.sysContact()).append('\n');
            b.append(" SysLocation: ").append(s.sysLocation()).append('\n');
        }
        if (all || what.equals("user")) {
            b.append("v3 users: ").append(s.users().size()).append('\n');
            for (User u : s.users()) {
                b.append(" username ").append(u.name()).append(" authprotocol ").append(u.auth().word)
                        .append(u.auth() == AuthProtocol.NONE ? "" : " authpassphrase " + SecretBox.MASK)
                        .append(" privprotocol ").append(u.priv().word)
                        .append(u.priv() == PrivProtocol.NONE ? "" : " privpassphrase " + SecretBox.MASK)
                        .append(" accessprivilege ").append(u.access()).append(" level ").append(u.level())
                        .append(" ipaddress ").append(u.hosts().isEmpty() ? "all" : String.join(",", u.hosts()))
                        .append('\n');
            }
        }
        if (all || what.equals("trap") || what.equals("inform") || what.equals("notify")) {
            b.append("notification destinations: ").append(s.destinations().size()).append('\n');
            for (Destination d : s.destinations()) {
                b.append(' ').append(switch (d.kind()) {
                    case TRAP3 -> "trap 3";
                    case INFORM3 -> "inform 3";
                    case NOTIFY1 -> "1 trap";
                    case NOTIFY2C -> "2c " + (d.inform() ? "inform" : "trap");
                }).append(" ipaddress ").append(d.ip()).append(" portno ").append(d.port());
                if (!d.username().isEmpty()) {
                    b.append(" username ").append(d.username());
                }
                if (!d.engineId().isEmpty()) {
                    b.append(" engineid ").append(d.engineId());
                }
                if (!d.communitySealed().isEmpty()) {
                    b.append(" community-string ").append(SecretBox.MASK);
                }
                b.append('\n');
            }
        }
        if (all || what.equals("community")) {
            b.append("v1/v2c communities: ").append(s.communities().size()).append('\n');
            for (Community c : s.communities()) {
                b.append(" name ").append(c.name()).append(" community-string ").append(SecretBox.MASK)
                        .append(" accessprivilege ").append(c.access()).append(" ipaddress ")
                        .append(c.hosts().isEmpty() ? "all" : String.join(",", c.hosts())).append('\n');
            }
        }
        if (all || what.equals("statistics")) {
            SnmpCounters c = counters;
            b.append("statistics:\n");
            b.append(" requests processed ").append(c.requestsProcessed()).append('\n');
            b.append(" bad community names ").append(c.badCommunityNames()).append('\n');
            b.append(" USM wrong digests ").append(c.wrongDigests()).append(", unknown user names ")
                    .append(c.unknownUserNames()).append(", decryption errors ").append(c.decryptionErrors())
                    .append(", unsupported security levels ").append(c.unsupportedSecLevels()).append('\n');
            b.append(" refused by host ").append(c.refusedByHost()).append('\n');
            b.append(" traps sent ").append(c.trapsSent()).append(", informs acknowledged ")
                    .append(c.informsAcknowledged()).append(", informs failed ").append(c.informsFailed())
                    .append('\n');
        }
        return b.toString();
    }
}
