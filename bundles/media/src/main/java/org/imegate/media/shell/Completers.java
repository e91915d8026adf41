package org.imegate.media.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.interfaces.NamedInterface;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.media.MediaTermination;
import org.imegate.api.media.MediaTerminationConfig;

/** Completers of the media-termination scope. */
final class Completers {

    private Completers() {
    }

    static int complete(Session session, CommandLine line, List<String> candidates, List<String> values) {
        return new StringsCompleter(values).complete(session, line, candidates);
    }

    static String previous(CommandLine line) {
        int i = line.getCursorArgumentIndex();
        return i > 0 ? line.getArguments()[i - 1] : "";
    }

    /** Names of the configured instances. */
    @Service
    public static class InstanceNames implements Completer {
        @Reference
        MediaTermination media;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates,
                    media.instances().stream().map(MediaTerminationConfig::name).toList());
        }
    }

    /** Words of {@code media-termination}: address, interface (with the interface names), rtp-min-port, rtp-max-port. */
    @Service
    public static class SettingWords implements Completer {
        @Reference
        NamedInterfaces interfaces;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            String previous = previous(line);
            List<String> values;
            if ("interface".equals(previous)) {
                values = interfaces.all().stream().map(NamedInterface::name).toList();
            } else if ("address".equals(previous)) {
                values = interfaces.all().stream().map(i -> i.address().getHostAddress()).toList();
            } else if ("rtp-min-port".equals(previous)) {
                values = List.of("16384");
            } else if ("rtp-max-port".equals(previous) || "rtp-maxport".equals(previous)) {
                values = List.of("32767");
            } else {
                values = List.of("address", "interface", "rtp-min-port", "rtp-max-port");
            }
            return Completers.complete(session, line, candidates, values);
        }
    }

    /** The addresses of the instance named on the line, for {@code no-address}. */
    @Service
    public static class InstanceAddresses implements Completer {
        @Reference
        MediaTermination media;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            String[] args = line.getArguments();
            String name = args.length > 1 ? args[1] : "";
            List<String> values = media.instances().stream().filter(c -> c.name().equals(name))
                    .flatMap(c -> java.util.stream.Stream.concat(c.globalAddress().stream(), c.addresses().values().stream()))
                    .toList();
            return Completers.complete(session, line, candidates, values);
        }
    }
}
