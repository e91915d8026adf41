package org.imegate.sip.shell;

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
import org.imegate.api.tlsproxy.TlsProxies;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.sip.config.UcImeConfig;
import org.imegate.sip.inspect.UcImeService;

/** Completers of the uc-ime scope. */
final class Completers {
    private Completers() {
    }

    static String previous(CommandLine line) {
        int i = line.getCursorArgumentIndex();
        return i > 0 ? line.getArguments()[i - 1] : "";
    }

    static int complete(Session s, CommandLine l, List<String> c, List<String> values) {
        return new StringsCompleter(values).complete(s, l, c);
    }

    @Service
    public static class UcImeNames implements Completer {
        @Reference
        UcImeService service;

        @Override
        public int complete(Session s, CommandLine l, List<String> c) {
            return Completers.complete(s, l, c, service.ucIme().map(UcImeConfig::name).stream().toList());
        }
    }

    @Service
    public static class UcImeWords implements Completer {
        @Reference
        MediaTermination media;
        @Reference
        NamedInterfaces interfaces;

        @Override
        public int complete(Session s, CommandLine l, List<String> c) {
            List<String> values = switch (previous(l)) {
                case "media-termination" -> media.instances().stream().map(MediaTerminationConfig::name).toList();
                case "listening-interface", "uc-ime-interface" -> interfaces.all().stream().map(NamedInterface::name)
                        .toList();
                case "listening-port" -> List.of("8060");
                case "ucm" -> List.of("address");
                case "trunk-security-mode" -> List.of("nonsecure", "secure");
                case "fallback" -> List.of("monitoring", "hold-down", "sensitivity-file");
                case "monitoring", "hold-down" -> List.of("timer");
                default -> List.of("media-termination", "ucm", "fallback", "trunk-security-mode", "port",
                        "mapping-service", "listening-interface", "listening-port", "uc-ime-interface");
            };
            return Completers.complete(s, l, c, values);
        }
    }

    @Service
    public static class Directions implements Completer {
        @Override
        public int complete(Session s, CommandLine l, List<String> c) {
            return Completers.complete(s, l, c, List.of("inbound", "outbound"));
        }
    }

    @Service
    public static class InspectWords implements Completer {
        @Reference
        TlsProxies tls;
        @Reference
        UcImeService service;

        @Override
        public int complete(Session s, CommandLine l, List<String> c) {
            List<String> values = switch (previous(l)) {
                case "tls-proxy" -> tls.instances().stream().map(TlsProxyConfig::name).toList();
                case "uc-ime" -> service.ucIme().map(UcImeConfig::name).stream().toList();
                default -> List.of("tls-proxy", "uc-ime");
            };
            return Completers.complete(s, l, c, values);
        }
    }
}
