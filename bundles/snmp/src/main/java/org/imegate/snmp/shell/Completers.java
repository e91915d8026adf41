package org.imegate.snmp.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.snmp.SnmpService;
import org.imegate.snmp.SnmpSettings;

/** Completers of the snmp scope. */
final class Completers {
    static final List<String> PARTS = List.of("agent", "user", "trap", "inform", "community", "notify", "mib2",
            "statistics");

    private Completers() {
    }

    @Service
    public static class Parts implements Completer {
        @Override
        public int complete(Session s, CommandLine l, List<String> c) {
            return new StringsCompleter(PARTS).complete(s, l, c);
        }
    }

    @Service
    public static class ConfigWords implements Completer {
        @Reference
        SnmpService snmp;

        @Override
        public int complete(Session s, CommandLine l, List<String> c) {
            int i = l.getCursorArgumentIndex();
            String previous = i > 0 ? l.getArguments()[i - 1] : "";
            List<String> values = switch (previous) {
                case "config" -> List.of("user", "trap", "inform", "1/2c", "mib2", "agent");
                case "user", "trap", "inform" -> List.of("3");
                case "1/2c" -> List.of("community-string", "notify");
                case "3", "community-string", "notify", "mib2" -> List.of("list", "add", "update", "delete");
                case "authprotocol" -> List.of("none", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512");
                case "privprotocol" -> List.of("none", "AES128", "AES192", "AES256");
                case "accessprivilege" -> List.of("ReadOnly", "ReadWrite", "ReadWriteNotify", "NotifyOnly",
                        "ReadNotifyOnly", "None");
                case "username" -> snmp.settings().users().stream().map(SnmpSettings.User::name).toList();
                case "name" -> snmp.settings().communities().stream().map(SnmpSettings.Community::name).toList();
                case "version" -> List.of("1", "2c");
                case "type" -> List.of("trap", "inform");
                case "portno" -> List.of("162");
                case "port" -> List.of("161");
                default -> List.of("username", "authprotocol", "privprotocol", "accessprivilege", "ipaddress1",
                        "ipaddress2", "ipaddress", "portno", "engineid", "name", "version", "type", "syscontact",
                        "syslocation", "address", "port");
            };
            return new StringsCompleter(values).complete(s, l, c);
        }
    }
}
