package org.imegate.media.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.validation.SeedWords;
import org.imegate.api.validation.Validate;
import org.imegate.media.MediaAdmin;
import org.imegate.media.TerminationConfigs;

/**
 * {@code media-termination <name>} with the sub-commands of its configuration mode on one line:
 * {@code media-termination ime-media-term address 127.0.0.3 interface outside}, then
 * {@code media-termination ime-media-term address 127.0.0.2 interface inside rtp-min-port 20000 rtp-max-port 21000}.
 * Creates the instance or adds to it; {@code address <ip>} without {@code interface} is the global address.
 */
@Service
@Command(scope = "media-termination", name = "media-termination",
        description = "Creates or changes a media-termination instance: media-termination <name> [address <ip> [interface <ifname>]]"
                + " [rtp-min-port <1024-65535>] [rtp-max-port <1024-65535>]")
public class MediaTerminationCommand implements Action {

    static final Set<String> WORDS = Set.of("address", "interface", "rtp-min-port", "rtp-max-port", "rtp-maxport");

    @Reference
    MediaAdmin media;

    @Argument(index = 0, name = "name", required = true, description = "instance name, 1-64 characters of A-Z a-z 0-9 _ . -")
    @Completion(Completers.InstanceNames.class)
    String name;

    @Argument(index = 1, name = "settings", required = false, multiValued = true,
            description = "address <ip> [interface <ifname>] | rtp-min-port <port> | rtp-max-port <port>")
    @Completion(Completers.SettingWords.class)
    List<String> words;

    @Override
    public Object execute() {
        Map<String, String> w = SeedWords.parse(words, WORDS, Set.of());
        if (w.containsKey("rtp-maxport")) {
            // the seed's syntax spells it rtp-maxport, its prose rtp-max-port
            if (w.containsKey("rtp-max-port")) {
                throw Validate.fail("rtp-max-port", w.get("rtp-maxport"), "is given twice");
            }
            w.put("rtp-max-port", w.remove("rtp-maxport"));
        }
        Integer min = port(w, "rtp-min-port");
        Integer max = port(w, "rtp-max-port");
        var c = media.define(name, w.get("address"), w.get("interface"), min, max);
        System.out.print(TerminationConfigs.runningConfig(c));
        return null;
    }

    private static Integer port(Map<String, String> w, String key) {
        String v = w.get(key);
        return v == null ? null
                : Validate.parseInt(key, v, TerminationConfigs.LOWEST_PORT, TerminationConfigs.HIGHEST_PORT);
    }
}
