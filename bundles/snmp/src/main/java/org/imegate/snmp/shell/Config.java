package org.imegate.snmp.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.SeedWords;
import org.imegate.api.validation.Validate;
import org.imegate.snmp.SnmpService;

/**
 * {@code utils snmp config ...} in the seed's words, the parameters the seed prompts for given as keyword/value
 * pairs; passphrases and community strings are asked for with echo off (never on the command line, where the
 * shell history would keep them). Every change restarts the agent.
 * <pre>
 * snmp:config user 3 add username nms authprotocol SHA privprotocol AES128 accessprivilege ReadNotifyOnly
 * snmp:config trap 3 add ipaddress 127.0.0.1 portno 162 username nms
 * snmp:config inform 3 add ipaddress 127.0.0.1 portno 162 username nms engineid 0x80001f8880...
 * snmp:config 1/2c community-string add name monitoring accessprivilege ReadOnly ipaddress1 127.0.0.1
 * snmp:config 1/2c notify add ipaddress 127.0.0.1 portno 162 version 2c type trap
 * snmp:config mib2 add syscontact "Administrator, 555-121-6633" syslocation "San Jose, Bldg 23, 2nd floor"
 * snmp:config agent address inside port 161
 * </pre>
 */
@Service
@Command(scope = "snmp", name = "config", description = "utils snmp config: user 3 | trap 3 | inform 3 | "
        + "1/2c community-string | 1/2c notify  list|add|update|delete <keyword value ...>; mib2 list|add|update|delete; "
        + "agent address <interface|ip> port <port>")
public class Config implements Action {

    private static final Set<String> USER = Set.of("username", "authprotocol", "privprotocol", "accessprivilege",
            "ipaddress1", "ipaddress2");
    private static final Set<String> DESTINATION = Set.of("ipaddress", "portno", "username", "engineid");
    private static final Set<String> COMMUNITY = Set.of("name", "accessprivilege", "ipaddress1", "ipaddress2");
    private static final Set<String> NOTIFY = Set.of("ipaddress", "portno", "version", "type");
    private static final Set<String> MIB2 = Set.of("syscontact", "syslocation");
    private static final Set<String> AGENT = Set.of("address", "port");

    @Reference
    SnmpService snmp;

    @Reference
    Session session;

    @Argument(index = 0, name = "words", required = true, multiValued = true,
            description = "user 3 add username <name> authprotocol SHA privprotocol AES128 accessprivilege ReadOnly ...")
    @Completion(Completers.ConfigWords.class)
    List<String> words;

    @Override
    public Object execute() throws Exception {
        List<String> w = new ArrayList<>(words);
        String what = w.remove(0);
        switch (what) {
            case "user" -> user(version(w, "3"), verb(w), w);
            case "trap" -> destination(false, version(w, "3"), verb(w), w);
            case "inform" -> destination(true, version(w, "3"), verb(w), w);
            case "1/2c" -> {
                String sub = w.isEmpty() ? "" : w.remove(0);
                switch (sub) {
                    case "community-string" -> community(verb(w), w);
                    case "notify" -> notify(verb(w), w);
                    default -> throw Validate.fail("1/2c", sub, "must be followed by community-string or notify");
                }
            }
            case "mib2" -> mib2(verb(w), w);
            case "agent" -> {
                Map<String, String> p = SeedWords.parse(w, AGENT, Set.of());
                snmp.setListener(p.getOrDefault("address", snmp.settings().address()),
                        p.containsKey("port") ? Validate.parseInt("port", p.get("port"), 1, 65535) : snmp.settings().port());
                System.out.print(snmp.showConfig("agent"));
            }
            default -> throw Validate.fail("config", what, "must be user, trap, inform, 1/2c, mib2 or agent");
        }
        return null;
    }

    private static String version(List<String> w, String expected) {
        String v = w.isEmpty() ? "" : w.remove(0);
        if (!v.equals(expected)) {
            throw Validate.fail("version", v, "must be " + expected);
        }
        return v;
    }

    private static String verb(List<String> w) {
        String v = w.isEmpty() ? "" : w.remove(0);
        if (!List.of("list", "add", "update", "delete").contains(v)) {
            throw Validate.fail("command", v, "must be list, add, update or delete");
        }
        return v;
    }

    private void user(String version, String verb, List<String> w) throws IOException {
        if (verb.equals("list")) {
            System.out.print(snmp.showConfig("user"));
            return;
        }
        Map<String, String> p = SeedWords.parse(w, USER, Set.of());
        String name = Validate.required("username", p.get("username"));
        if (verb.equals("delete")) {
            snmp.deleteUser(name);
            System.out.println("Deleted user " + name + "; the SNMP agent was restarted.");
            return;
        }
        String auth = p.getOrDefault("authprotocol", "none");
        String priv = p.getOrDefault("privprotocol", "none");
        String access = Validate.required("accessprivilege", p.get("accessprivilege"));
        String hosts = String.join(" ", p.getOrDefault("ipaddress1", ""), p.getOrDefault("ipaddress2", "")).trim();
        char[] authPass = null;
        char[] privPass = null;
        try {
            if (!auth.equalsIgnoreCase("none")) {
                authPass = ask("authpassphrase", "Enter the authentication passphrase: ");
            }
            if (!priv.equalsIgnoreCase("none")) {
                privPass = ask("privpassphrase", "Enter the privacy passphrase: ");
            }
            snmp.putUser(verb.equals("update"), name, auth, authPass, priv, privPass, access, hosts);
        } finally {
            wipe(authPass);
            wipe(privPass);
        }
        System.out.println((verb.equals("update") ? "Updated" : "Added") + " user " + name
                + "; the SNMP agent was restarted.");
        System.out.print(snmp.showConfig("user"));
    }

    private void destination(boolean inform, String version, String verb, List<String> w) {
        if (verb.equals("list")) {
            System.out.print(snmp.showConfig(inform ? "inform" : "trap"));
            return;
        }
        Map<String, String> p = SeedWords.parse(w, DESTINATION, Set.of());
        String ip = Validate.required("ipaddress", p.get("ipaddress"));
        int port = p.containsKey("portno") ? Validate.parseInt("portno", p.get("portno"), 1, 65535) : 162;
        String kind = inform ? "inform3" : "trap3";
        switch (verb) {
            case "delete" -> snmp.deleteDestination(kind, ip, port);
            case "add" -> snmp.addV3Destination(inform, ip, port, p.get("username"), p.get("engineid"));
            default -> {
                snmp.deleteDestination(kind, ip, port);
                snmp.addV3Destination(inform, ip, port, p.get("username"), p.get("engineid"));
            }
        }
        System.out.print(snmp.showConfig(inform ? "inform" : "trap"));
    }

    private void community(String verb, List<String> w) throws IOException {
        if (verb.equals("list")) {
            System.out.print(snmp.showConfig("community"));
            return;
        }
        Map<String, String> p = SeedWords.parse(w, COMMUNITY, Set.of());
        String name = Validate.required("name", p.get("name"));
        if (verb.equals("delete")) {
            snmp.deleteCommunity(name);
        } else {
            String hosts = String.join(" ", p.getOrDefault("ipaddress1", ""), p.getOrDefault("ipaddress2", "")).trim();
            char[] community = ask("community-string", "Enter the community string: ");
            try {
                if (verb.equals("update")) {
                    snmp.deleteCommunity(name);
                }
                snmp.addCommunity(name, community, p.get("accessprivilege"), hosts);
            } finally {
                wipe(community);
            }
        }
        System.out.print(snmp.showConfig("community"));
    }

    private void notify(String verb, List<String> w) throws IOException {
        if (verb.equals("list")) {
            System.out.print(snmp.showConfig("notify"));
            return;
        }
        Map<String, String> p = SeedWords.parse(w, NOTIFY, Set.of());
        String ip = Validate.required("ipaddress", p.get("ipaddress"));
        int port = p.containsKey("portno") ? Validate.parseInt("portno", p.get("portno"), 1, 65535) : 162;
        String version = p.getOrDefault("version", "2c");
        String kind = version.equals("1") ? "notify1" : "notify2c";
        if (verb.equals("delete")) {
            snmp.deleteDestination(kind, ip, port);
        } else {
            char[] community = ask("community-string", "Enter the community string: ");
            try {
                if (verb.equals("update")) {
                    snmp.deleteDestination(kind, ip, port);
                }
                snmp.addNotifyDestination(ip, port, version, p.getOrDefault("type", "trap"), community);
            } finally {
                wipe(community);
            }
        }
        System.out.print(snmp.showConfig("notify"));
    }

    private void mib2(String verb, List<String> w) {
        if (!verb.equals("list")) {
            Map<String, String> p = SeedWords.parse(w, MIB2, Set.of());
            if (verb.equals("delete")) {
                snmp.setMib2("", "");
            } else {
                snmp.setMib2(p.getOrDefault("syscontact", snmp.settings().sysContact()),
                        p.getOrDefault("syslocation", snmp.settings().sysLocation()));
            }
        }
        System.out.print(snmp.showConfig("mib2"));
    }

    /** Asks twice with echo off; a batch session has no terminal to ask on. */
    private char[] ask(String parameter, String prompt) throws IOException {
        String first;
        String second;
        try {
            first = session.readLine(prompt, '*');
            second = session.readLine("Re-enter: ", '*');
        } catch (UnsupportedOperationException batch) {
            throw Validate.fail(parameter, SecretBox.MASK, "is asked for at an interactive console (bin/karaf, ssh); "
                    + "in scripts use JMX org.imegate:type=snmp,name=agent");
        }
        if (first == null || !first.equals(second)) {
            throw Validate.fail(parameter, SecretBox.MASK, "was not entered the same twice");
        }
        return first.toCharArray();
    }

    private static void wipe(char[] c) {
        if (c != null) {
            java.util.Arrays.fill(c, '\0');
        }
    }
}
