package org.imegate.tls.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.pki.KeyPairInfo;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;

/** Completers of the crypto scope. */
final class Completers {

    private Completers() {
    }

    static int complete(Session session, CommandLine line, List<String> candidates, List<String> values) {
        return new StringsCompleter(values).complete(session, line, candidates);
    }

    /** The word before the one being completed, or "". */
    static String previous(CommandLine line) {
        int i = line.getCursorArgumentIndex();
        return i > 0 ? line.getArguments()[i - 1] : "";
    }

    /** Names of existing trustpoints. */
    @Service
    public static class TrustpointNames implements Completer {
        @Reference
        PkiService pki;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates,
                    pki.trustpoints().stream().map(TrustpointInfo::name).toList());
        }
    }

    /** Words of {@code key-generate} / {@code key-zeroize}: rsa, label, modulus, the moduli and labels. */
    @Service
    public static class KeyWords implements Completer {
        @Reference
        PkiService pki;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            String previous = previous(line);
            List<String> values;
            if ("label".equals(previous)) {
                values = pki.keyPairs().stream().map(KeyPairInfo::label).toList();
            } else if ("modulus".equals(previous)) {
                values = java.util.Arrays.stream(PkiService.RSA_MODULI).mapToObj(Integer::toString).toList();
            } else {
                values = List.of("rsa", "label", "modulus", "noconfirm");
            }
            return Completers.complete(session, line, candidates, values);
        }
    }

    /** Words of {@code ca-trustpoint}: subject-name, keypair (with labels), enroll (self, terminal). */
    @Service
    public static class TrustpointWords implements Completer {
        @Reference
        PkiService pki;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            String previous = previous(line);
            List<String> values;
            if ("keypair".equals(previous)) {
                values = pki.keyPairs().stream().map(KeyPairInfo::label).toList();
            } else if ("enroll".equals(previous)) {
                values = List.of("self", "terminal");
            } else if ("subject-name".equals(previous)) {
                values = List.of("cn=");
            } else {
                values = List.of("subject-name", "keypair", "enroll");
            }
            return Completers.complete(session, line, candidates, values);
        }
    }

    /** {@code certificate} or {@code pkcs12}, for ca-import. */
    @Service
    public static class ImportKinds implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, List.of("certificate", "pkcs12"));
        }
    }

    /** {@code identity-certificate} or {@code pkcs12}, for ca-export. */
    @Service
    public static class ExportKinds implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, List.of("identity-certificate", "pkcs12"));
        }
    }
}
