package org.imegate.drs.shell;

import java.util.Arrays;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.drs.MasterAgent;

/**
 * Sets the DRS security password (asked twice, never echoed), from which the key of every backup archive is
 * derived. A restore on a rebuilt appliance needs the password the backup was made with.
 */
@Service
@Command(scope = "drs", name = "security-password",
        description = "Sets the DRS security password that encrypts the backup archives (asked for, never shown)")
public class SecurityPassword implements Action {

    @Reference
    MasterAgent ma;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        char[] password = Terminal.readNewSecret(session, "password", "Security password: ",
                "Re-enter security password: ");
        try {
            ma.setSecurityPassword(password);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("The DRS security password was set. Keep it: a restore needs it.");
        return null;
    }
}
