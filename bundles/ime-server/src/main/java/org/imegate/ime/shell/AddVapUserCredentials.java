package org.imegate.ime.shell;

import java.util.Arrays;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.validation.Validate;

/**
 * {@code add ime vapusercredentials} (IME-14): the application user name and password the call agents
 * register with; the password is asked for (not echoed) when not given, stored sealed, never shown.
 */
@Service
@Command(scope = "ime", name = "add-vapusercredentials",
        description = "Sets the VAP application user: add-vapusercredentials <username> [<password>] (asked for when omitted)")
public class AddVapUserCredentials implements Action {
    @Reference
    ImeServer ime;

    @Reference
    Session session;

    @Argument(index = 0, name = "username", required = true, description = "the call agent's application user")
    String username;

    @Argument(index = 1, name = "password", required = false, description = "its password")
    String password;

    @Override
    public Object execute() throws Exception {
        char[] pw;
        if (password != null) {
            pw = password.toCharArray();
        } else {
            String first = session.readLine("VAP password: ", '*');
            String again = session.readLine("Confirm password: ", '*');
            if (first == null || !first.equals(again)) {
                throw Validate.fail("password", "*****", "does not match its confirmation");
            }
            pw = first.toCharArray();
        }
        try {
            ime.setVapCredentials(username, pw);
        } finally {
            Arrays.fill(pw, '\0');
        }
        System.out.println("VAP user credentials set for " + username + " (password *****)");
        return null;
    }
}
