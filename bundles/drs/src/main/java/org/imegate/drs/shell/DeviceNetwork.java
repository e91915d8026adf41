package org.imegate.drs.shell;

import java.util.Arrays;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.drs.Device;
import org.imegate.drs.DrsRules;
import org.imegate.drs.MasterAgent;

/**
 * {@code utils disaster_recovery device network <device_name> <path> <server_name> <username> <number_of_backups>}:
 * the password is asked for; the server is contacted and the directory checked for writing before the device is
 * saved (invalid user name, password, server name or path: the command fails).
 */
@Service
@Command(scope = "drs", name = "device-network", description = "Creates a network (SFTP) backup device:"
        + " device-network [--port <port>] <device_name> <path> <server_name> <username> <number_of_backups>")
public class DeviceNetwork implements Action {

    @Reference
    MasterAgent ma;

    @Reference
    Session session;

    @Option(name = "--port", description = "SFTP port of the server (default 22)")
    int port = 22;

    @Argument(index = 0, name = "device_name", required = true)
    String name;

    @Argument(index = 1, name = "path", required = true, description = "directory on the server; it must exist")
    String path;

    @Argument(index = 2, name = "server_name", required = true, description = "host name or IP address")
    String server;

    @Argument(index = 3, name = "username", required = true, description = "account on the server")
    String username;

    @Argument(index = 4, name = "number_of_backups", required = true, description = "backups kept, 1-14")
    String backups;

    @Override
    public Object execute() throws Exception {
        int n = DrsRules.numberOfBackups(backups);
        DrsRules.deviceName(name);
        DrsRules.remotePath(path);
        DrsRules.server(server);
        DrsRules.port(port);
        DrsRules.username(username);
        char[] password = Terminal.readSecret(session, "password", "Password of " + username + " on " + server + ": ");
        Device d;
        try {
            System.out.println("Validating the device: connecting to " + server + ":" + port + "...");
            d = ma.addNetworkDevice(name, path, server, port, username, password, n);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("Network backup device " + d.name() + " created: " + d.location() + ", "
                + d.numberOfBackups() + " backups kept; server host key " + d.hostKey() + " recorded.");
        return null;
    }
}
