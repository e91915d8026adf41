package org.imegate.drs.shell;

import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.validation.Validate;
import org.imegate.drs.MasterAgent;

/**
 * {@code utils disaster_recovery show_backupfiles local backup|restore} and
 * {@code ... show_backupfiles network <path> <servername> <userid>} (the password is asked for).
 */
@Service
@Command(scope = "drs", name = "show-backupfiles", description = "Lists backup files: show-backupfiles local"
        + " backup|restore, or show-backupfiles [--port <port>] network <path> <servername> <userid>")
public class ShowBackupFiles implements Action {

    @Reference
    MasterAgent ma;

    @Reference
    Session session;

    @Option(name = "--port", description = "SFTP port of the server (default 22)")
    int port = 22;

    @Argument(index = 0, name = "location", required = true, description = "local or network")
    @Completion(Completers.Types.class)
    String location;

    @Argument(index = 1, name = "words", required = true, multiValued = true,
            description = "local: backup|restore; network: <path> <servername> <userid>")
    List<String> words;

    @Override
    public Object execute() throws Exception {
        switch (location) {
            case "local" -> {
                if (words.size() != 1) {
                    throw Validate.fail("local", String.join(" ", words), "must be followed by backup or restore");
                }
                System.out.print(ma.localBackupFiles(words.get(0)));
            }
            case "network" -> {
                if (words.size() != 3) {
                    throw Validate.fail("network", String.join(" ", words),
                            "must be followed by <path> <servername> <userid>");
                }
                char[] password = Terminal.readSecret(session, "password", "Password of " + words.get(2) + " on "
                        + words.get(1) + ": ");
                try {
                    System.out.print(ma.networkBackupFiles(words.get(0), words.get(1), port, words.get(2), password));
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            default -> throw Validate.fail("location", location, "must be local or network");
        }
        return null;
    }
}
