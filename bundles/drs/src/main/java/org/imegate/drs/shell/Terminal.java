package org.imegate.drs.shell;

import java.io.IOException;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.validation.Validate;

/** Passwords typed at the console without echo; never on the command line, never returned as a String. */
final class Terminal {

    private Terminal() {
    }

    static char[] readSecret(Session session, String parameter, String prompt) throws IOException {
        String line;
        try {
            line = session.readLine(prompt, '*');
        } catch (UnsupportedOperationException e) {
            throw Validate.fail(parameter, "terminal", "cannot be read in a batch session: use an interactive console"
                    + " (bin/client, ssh) or the org.imegate:type=drs,name=master-agent MBean");
        }
        if (line == null || line.isEmpty()) {
            throw Validate.fail(parameter, "", "was not entered");
        }
        return line.toCharArray();
    }

    /** Asks twice; the two must be equal. */
    static char[] readNewSecret(Session session, String parameter, String prompt, String again) throws IOException {
        char[] first = readSecret(session, parameter, prompt);
        char[] second = readSecret(session, parameter, again);
        try {
            if (!java.util.Arrays.equals(first, second)) {
                java.util.Arrays.fill(first, '\0');
                throw Validate.fail(parameter, org.imegate.api.secret.SecretBox.MASK, "was not entered the same twice");
            }
            return first;
        } finally {
            java.util.Arrays.fill(second, '\0');
        }
    }
}
