package org.imegate.ring.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.validation.Validate;
import org.imegate.ring.RingControl;

/**
 * {@code set ime dht global storagequota <n>} (catalogue IME-64, I15) and the other overlay values a
 * bootstrap node signs: {@code global motd <text>}, {@code global minimumversion <x.y.z>},
 * {@code global banned <peerID,...>}. On any other node it prints the seed's refusal.
 */
@Service
@Command(scope = "ime", name = "set-dht", description = "Bootstrap only: set-dht global storagequota <n> | motd <text> | minimumversion <v> | banned <peerID,...>")
public class SetDht implements Action {
    @Reference
    RingControl ring;

    @Argument(index = 0, name = "words", description = "global storagequota <n> (or motd, minimumversion, banned)",
            required = true, multiValued = true)
    @Completion(value = StringsCompleter.class, values = {"global", "storagequota", "motd", "minimumversion", "banned"})
    List<String> words;

    @Override
    public Object execute() {
        if (words.size() < 3 || !"global".equals(words.get(0))) {
            throw Validate.fail("words", String.join(" ", words), "must be global <setting> <value>");
        }
        String key = switch (words.get(1)) {
            case "storagequota" -> "storage.quota";
            case "motd" -> "motd";
            case "minimumversion" -> "minimum.version";
            case "banned" -> "banned";
            default -> throw Validate.fail("setting", words.get(1), "must be storagequota, motd, minimumversion or banned");
        };
        String value = String.join(" ", words.subList(2, words.size()));
        if (!ring.bootstrapNode()) {
            System.out.println("This command is only allowed to be run on a bootstrap server.");
            return null;
        }
        ring.setOverlayValue(key, value);
        System.out.println("Successful");
        return null;
    }
}
