package org.imegate.ime.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.ime.VapServerInfo;

/** Completers of the ime scope. */
final class Completers {
    private Completers() {
    }

    private static int complete(List<String> words, Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(words).complete(session, line, candidates);
    }

    /** {@code encrypted}, {@code authenticated}. */
    @Service
    public static final class Mode implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(List.of("encrypted", "authenticated"), session, line, candidates);
        }
    }

    /** The settings of {@code set-vapserver}. */
    @Service
    public static final class VapSetting implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(List.of("authenticationmode", "enabled", "keepaliveinterval",
                    "maxconnectionsallowed", "port", "trustpoint"), session, line, candidates);
        }
    }

    /** The settings of {@code set-validator local}. */
    @Service
    public static final class ValidatorSetting implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(List.of("local", "bucketentropy", "validationsrequired", "mininterval",
                    "maxdelay", "tolerance", "retention", "tlsconcurrent", "tlsrate"), session, line, candidates);
        }
    }

    /** {@code all} and the configured VAP server names. */
    @Service
    public static final class VapServers implements Completer {
        @Reference
        ImeServer ime;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            List<String> names = new java.util.ArrayList<>(List.of("all"));
            ime.vapServers().stream().map(VapServerInfo::name).forEach(names::add);
            return Completers.complete(names, session, line, candidates);
        }
    }

    /** {@code summary}. */
    @Service
    public static final class Summary implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(List.of("summary"), session, line, candidates);
        }
    }

    /** {@code details}. */
    @Service
    public static final class Details implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(List.of("details"), session, line, candidates);
        }
    }

    /** The words of {@code set-trust}. */
    @Service
    public static final class Trust implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(List.of("domain", "number", "block", "allow", "exclude", "include"), session,
                    line, candidates);
        }
    }
}
