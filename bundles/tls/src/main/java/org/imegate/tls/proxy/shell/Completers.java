package org.imegate.tls.proxy.shell;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.tlsproxy.TlsProxies;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.tls.proxy.CipherSuites;

/** Completers of the tls-proxy scope. */
final class Completers {

    private Completers() {
    }

    static int complete(Session session, CommandLine line, List<String> candidates, List<String> values) {
        return new StringsCompleter(values).complete(session, line, candidates);
    }

    /** Names of the instances. */
    @Service
    public static class InstanceNames implements Completer {
        @Reference
        TlsProxies proxies;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates,
                    proxies.instances().stream().map(TlsProxyConfig::name).toList());
        }
    }

    /** The cipher names. */
    @Service
    public static class CipherNames implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, CipherSuites.names());
        }
    }

    /** Sub-command words of {@code tls-proxy <name>}, trust-point names and cipher names. */
    @Service
    public static class ProxySubcommands implements Completer {
        @Reference
        PkiService pki;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            String[] args = line.getArguments();
            int i = line.getCursorArgumentIndex();
            String previous = i > 0 ? args[i - 1] : "";
            List<String> values = new ArrayList<>();
            boolean inSuites = false;
            for (int k = 1; k < i; k++) {
                if ("cipher-suite".equals(args[k]) && "client".equals(args[k - 1])) {
                    inSuites = true;
                }
            }
            if (inSuites) {
                values.addAll(CipherSuites.names());
            } else if ("trust-point".equals(previous)) {
                values.addAll(pki.trustpoints().stream().map(TrustpointInfo::name).toList());
            } else if ("server".equals(previous)) {
                values.add("trust-point");
            } else if ("client".equals(previous)) {
                values.addAll(List.of("trust-point", "cipher-suite"));
            } else {
                values.addAll(List.of("server", "client"));
            }
            return Completers.complete(session, line, candidates, values);
        }
    }
}
