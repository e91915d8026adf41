package org.imegate.tls.proxy.shell;

import java.util.List;
import java.util.Optional;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;

/**
 * The sub-command words of {@code tls-proxy <name>} on one line, as an ASA operator types them in
 * {@code config-tlsp} mode: {@code server trust-point <tp>}, {@code client trust-point <tp>},
 * {@code client cipher-suite <suite> ...} (the suites take the rest of the line).
 */
record ProxyWords(Optional<String> serverTrustpoint, Optional<String> clientTrustpoint,
        Optional<List<String>> clientCipherSuites) {

    static final String EXPECTED = "server trust-point <name>, client trust-point <name>, client cipher-suite <suite> ...";

    static ProxyWords parse(List<String> words) {
        Optional<String> server = Optional.empty();
        Optional<String> client = Optional.empty();
        Optional<List<String>> suites = Optional.empty();
        if (words == null) {
            return new ProxyWords(server, client, suites);
        }
        int i = 0;
        while (i < words.size()) {
            String side = words.get(i);
            String what = i + 1 < words.size() ? words.get(i + 1) : "";
            if ("server".equals(side) && "trust-point".equals(what)) {
                server = once("server trust-point", server, value(words, i + 2, "server trust-point"));
                i += 3;
            } else if ("client".equals(side) && "trust-point".equals(what)) {
                client = once("client trust-point", client, value(words, i + 2, "client trust-point"));
                i += 3;
            } else if ("client".equals(side) && "cipher-suite".equals(what)) {
                if (i + 2 >= words.size()) {
                    throw Validate.fail("client cipher-suite", "", "needs at least one cipher suite");
                }
                suites = Optional.of(List.copyOf(words.subList(i + 2, words.size())));
                i = words.size();
            } else {
                String typed = "server".equals(side) || "client".equals(side) ? side + " " + what : side;
                throw new ValidationException(typed, "ERROR: " + typed.strip()
                        + " is not a sub-command of tls-proxy (expected " + EXPECTED + ")");
            }
        }
        return new ProxyWords(server, client, suites);
    }

    private static String value(List<String> words, int index, String parameter) {
        if (index >= words.size()) {
            throw Validate.fail(parameter, "", "needs a trust-point name");
        }
        return words.get(index);
    }

    private static Optional<String> once(String parameter, Optional<String> previous, String value) {
        if (previous.isPresent()) {
            throw Validate.fail(parameter, value, "is given twice");
        }
        return Optional.of(value);
    }
}
