package org.imegate.routes.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.SeedWords;
import org.imegate.api.validation.Validate;
import org.imegate.routes.AlertNotifications;

/**
 * E-mail of alerts over SMTP: {@code alert:email-server host 10.0.0.5 port 25 from ime@example.com to
 * noc@example.com,oncall@example.com [starttls] [username u]} (the password is asked for with echo off);
 * {@code alert:email-server delete} turns e-mail off.
 */
@Service
@Command(scope = "alert", name = "email-server", description = "Sets the SMTP server of alert e-mail: host <h> "
        + "[port <p>] from <address> to <address,...> [starttls] [username <u>]; or: delete")
public class EmailServer implements Action {

    @Reference
    AlertNotifications notifications;

    @Reference
    Session session;

    @Argument(index = 0, name = "words", required = true, multiValued = true,
            description = "host <h> [port <p>] from <address> to <address,...> [starttls] [username <u>] | delete")
    List<String> words;

    @Override
    public Object execute() throws Exception {
        if (words.size() == 1 && words.get(0).equals("delete")) {
            notifications.removeMail();
        } else {
            Map<String, String> w = SeedWords.parse(words, Set.of("host", "port", "from", "to", "username"),
                    Set.of("starttls"));
            int port = w.containsKey("port") ? Validate.parseInt("port", w.get("port"), 1, 65535) : 25;
            char[] password = null;
            if (w.containsKey("username")) {
                try {
                    String pw = session.readLine("SMTP password: ", '*');
                    password = pw == null ? null : pw.toCharArray();
                } catch (UnsupportedOperationException batch) {
                    throw Validate.fail("password", SecretBox.MASK, "is asked for at an interactive console; in "
                            + "scripts use JMX org.imegate:type=alert,name=notifications configureMail");
                }
            }
            try {
                notifications.mail(Validate.required("host", w.get("host")), port, w.get("from"),
                        List.of(Validate.required("to", w.get("to")).split("\\s*,\\s*")), w.containsKey("starttls"),
                        w.get("username"), password);
            } finally {
                if (password != null) {
                    java.util.Arrays.fill(password, '\0');
                }
            }
        }
        System.out.print(notifications.showNotifications());
        return null;
    }
}
