package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.ime.VapAuthMode;
import org.imegate.api.validation.Validate;
import org.imegate.ime.ImeText;

/**
 * {@code add ime vapserver}: name, port and authentication mode (IME-10, IME-11). As on the IME server's
 * CLI, a value left off the command line is asked for, in that order.
 */
@Service
@Command(scope = "ime", name = "add-vapserver",
        description = "Adds a VAP server instance for a call-agent cluster: add-vapserver [<name> [<port> [encrypted|authenticated]]]"
                + " (what is left off is asked for)")
public class AddVapServer implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "vapservername", required = false, description = "unique instance name")
    String name;

    @Argument(index = 1, name = "port", required = false, description = "TCP port, 1-65535 (CUCM default 5620)")
    String port;

    @Argument(index = 2, name = "authenticationmode", required = false, description = "encrypted (TLS) or authenticated (TCP)")
    @Completion(Completers.Mode.class)
    String mode;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        if (name == null) {
            name = ask("VAP server name: ", "vapservername");
        }
        if (port == null) {
            port = ask("Port [5620]: ", "port");
            port = port.isEmpty() ? "5620" : port;
        }
        if (mode == null) {
            mode = ask("Authentication mode (encrypted/authenticated) [encrypted]: ", "authenticationmode");
            mode = mode.isEmpty() ? "encrypted" : mode;
        }
        int p = Validate.parseInt("port", port, 1, 65535);
        VapAuthMode m = Validate.oneOf("authenticationmode", mode, VapAuthMode.class);
        System.out.print(ImeText.vapServers(java.util.List.of(ime.addVapServer(name, p, m))));
        return null;
    }

    private String ask(String prompt, String parameter) throws java.io.IOException {
        String answer = session.readLine(prompt, null);
        if (answer == null) {
            throw Validate.fail(parameter, "", "was not given");
        }
        answer = answer.strip();
        if (answer.isEmpty() && "vapservername".equals(parameter)) {
            throw Validate.fail(parameter, "", "is required");
        }
        return answer;
    }
}
