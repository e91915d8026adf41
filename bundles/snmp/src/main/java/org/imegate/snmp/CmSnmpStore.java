package org.imegate.snmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.imegate.api.config.EtcFiles;
import org.imegate.snmp.SnmpSettings.AccessPrivilege;
import org.imegate.snmp.SnmpSettings.AuthProtocol;
import org.imegate.snmp.SnmpSettings.Community;
import org.imegate.snmp.SnmpSettings.Destination;
import org.imegate.snmp.SnmpSettings.Kind;
import org.imegate.snmp.SnmpSettings.PrivProtocol;
import org.imegate.snmp.SnmpSettings.User;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SNMP configuration in ConfigAdmin, written to {@code etc/}: the singleton {@value #PID} (address, port,
 * syscontact, syslocation) and the factory configurations {@value #USER_PID}, {@value #COMMUNITY_PID} and
 * {@value #DESTINATION_PID}, one per entry (property {@code name}). Passphrases and community strings are stored
 * sealed only.
 */
final class CmSnmpStore implements SnmpStore {
    private static final Logger LOG = LoggerFactory.getLogger(CmSnmpStore.class);
    static final String PID = "org.imegate.snmp";
    static final String USER_PID = "org.imegate.snmp.user";
    static final String COMMUNITY_PID = "org.imegate.snmp.community";
    static final String DESTINATION_PID = "org.imegate.snmp.destination";

    private final ConfigurationAdmin cm;

    CmSnmpStore(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    @Override
    public SnmpSettings load() {
        SnmpSettings s = SnmpSettings.defaults();
        Dictionary<String, Object> main = singleton();
        String address = main == null ? SnmpSettings.DEFAULT_ADDRESS : str(main, "address", SnmpSettings.DEFAULT_ADDRESS);
        int port = main == null ? SnmpSettings.DEFAULT_PORT
                : Integer.parseInt(str(main, "port", Integer.toString(SnmpSettings.DEFAULT_PORT)).trim());
        s = s.withListener(address, port);
        if (main != null) {
            s = s.withMib2(str(main, "syscontact", ""), str(main, "syslocation", ""));
        }
        List<User> users = new ArrayList<>();
        for (Configuration c : list(USER_PID)) {
            Dictionary<String, Object> p = c.getProperties();
            try {
                users.add(new User(SnmpSettings.username(str(p, "name", "")),
                        AuthProtocol.parse("authprotocol", str(p, "authprotocol", "none")), str(p, "authpassphrase", ""),
                        PrivProtocol.parse("privprotocol", str(p, "privprotocol", "none")), str(p, "privpassphrase", ""),
                        AccessPrivilege.parse(str(p, "accessprivilege", "None")),
                        SnmpSettings.hosts(str(p, "ipaddress", ""))));
            } catch (IllegalArgumentException e) {
                LOG.error("SNMP user {} ignored: {}", c.getPid(), e.getMessage());
            }
        }
        List<Community> communities = new ArrayList<>();
        for (Configuration c : list(COMMUNITY_PID)) {
            Dictionary<String, Object> p = c.getProperties();
            try {
                communities.add(new Community(SnmpSettings.communityName(str(p, "name", "")), str(p, "community", ""),
                        AccessPrivilege.parse(str(p, "accessprivilege", "None")),
                        SnmpSettings.hosts(str(p, "ipaddress", ""))));
            } catch (IllegalArgumentException e) {
                LOG.error("SNMP community {} ignored: {}", c.getPid(), e.getMessage());
            }
        }
        List<Destination> destinations = new ArrayList<>();
        for (Configuration c : list(DESTINATION_PID)) {
            Dictionary<String, Object> p = c.getProperties();
            try {
                destinations.add(new Destination(Kind.parse(str(p, "kind", "")),
                        SnmpSettings.ip("ipaddress", str(p, "ipaddress", "")),
                        SnmpSettings.port("portno", Integer.parseInt(str(p, "portno", "162").trim())),
                        str(p, "username", ""), str(p, "engineid", ""), "inform".equals(str(p, "type", "trap")),
                        str(p, "community", "")));
            } catch (IllegalArgumentException e) {
                LOG.error("SNMP notification destination {} ignored: {}", c.getPid(), e.getMessage());
            }
        }
        return s.withUsers(users).withCommunities(communities).withDestinations(destinations);
    }

    @Override
    public void save(SnmpSettings previous, SnmpSettings next) {
        try {
            if (!previous.address().equals(next.address()) || previous.port() != next.port()
                    || !previous.sysContact().equals(next.sysContact())
                    || !previous.sysLocation().equals(next.sysLocation()) || singleton() == null) {
                Hashtable<String, Object> p = new Hashtable<>();
                p.put("address", next.address());
                p.put("port", Integer.toString(next.port()));
                p.put("syscontact", next.sysContact());
                p.put("syslocation", next.sysLocation());
                EtcFiles.save(cm.getConfiguration(PID, null), PID, null, p);
            }
            Set<String> keep = new HashSet<>();
            for (User u : next.users()) {
                keep.add(u.name());
                if (!previous.users().contains(u)) {
                    Hashtable<String, Object> p = new Hashtable<>();
                    p.put("name", u.name());
                    p.put("authprotocol", u.auth().word);
                    p.put("authpassphrase", u.authSealed());
                    p.put("privprotocol", u.priv().word);
                    p.put("privpassphrase", u.privSealed());
                    p.put("accessprivilege", u.access().name());
                    p.put("ipaddress", String.join(" ", u.hosts()));
                    put(USER_PID, u.name(), p);
                }
            }
            removeOthers(USER_PID, keep);
            keep.clear();
            for (Community c : next.communities()) {
                keep.add(c.name());
                if (!previous.communities().contains(c)) {
                    Hashtable<String, Object> p = new Hashtable<>();
                    p.put("name", c.name());
                    p.put("community", c.sealed());
                    p.put("accessprivilege", c.access().name());
                    p.put("ipaddress", String.join(" ", c.hosts()));
                    put(COMMUNITY_PID, c.name(), p);
                }
            }
            removeOthers(COMMUNITY_PID, keep);
            keep.clear();
            for (Destination d : next.destinations()) {
                String name = fileName(d);
                keep.add(name);
                if (!previous.destinations().contains(d)) {
                    Hashtable<String, Object> p = new Hashtable<>();
                    p.put("name", name);
                    p.put("kind", d.kind().id);
                    p.put("ipaddress", d.ip());
                    p.put("portno", Integer.toString(d.port()));
                    p.put("username", d.username());
                    p.put("engineid", d.engineId());
                    p.put("type", d.inform() ? "inform" : "trap");
                    p.put("community", d.communitySealed());
                    put(DESTINATION_PID, name, p);
                }
            }
            removeOthers(DESTINATION_PID, keep);
        } catch (IOException e) {
            throw new UncheckedIOException("SNMP configuration not saved", e);
        }
    }

    static String fileName(Destination d) {
        return d.id().replace('/', '-').replace(':', '_');
    }

    private void put(String factoryPid, String name, Hashtable<String, Object> p) throws IOException {
        Configuration c = find(factoryPid, name);
        if (c == null) {
            c = cm.getFactoryConfiguration(factoryPid, name, "?");
        }
        EtcFiles.save(c, factoryPid, name, p);
    }

    private void removeOthers(String factoryPid, Set<String> keep) throws IOException {
        for (Configuration c : list(factoryPid)) {
            Object name = c.getProperties() == null ? null : c.getProperties().get("name");
            if (name == null || !keep.contains(name.toString())) {
                EtcFiles.delete(c);
            }
        }
    }

    private Configuration find(String factoryPid, String name) {
        for (Configuration c : list(factoryPid)) {
            if (c.getProperties() != null && name.equals(String.valueOf(c.getProperties().get("name")))) {
                return c;
            }
        }
        return null;
    }

    private Dictionary<String, Object> singleton() {
        try {
            Configuration[] found = cm.listConfigurations("(service.pid=" + PID + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Configuration> list(String factoryPid) {
        try {
            Configuration[] found = cm.listConfigurations("(service.factoryPid=" + factoryPid + ")");
            List<Configuration> out = new ArrayList<>();
            if (found != null) {
                for (Configuration c : found) {
                    if (c.getProperties() != null) {
                        out.add(c);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String str(Dictionary<String, Object> p, String key, String dflt) {
        Object v = p == null ? null : p.get(key);
        return v == null ? dflt : v.toString();
    }
}
