package org.imegate.tls.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.validation.Validate;

/** {@code show crypto ca trustpoints [trustpoint]}. */
@Service
@Command(scope = "crypto", name = "show-ca-trustpoints", description = "Shows the trustpoints and their state")
public class ShowCaTrustpoints implements Action {

    @Reference
    PkiService pki;

    @Argument(index = 0, name = "trustpoint", required = false)
    @Completion(Completers.TrustpointNames.class)
    String name;

    @Override
    public Object execute() {
        List<TrustpointInfo> tps = name == null ? pki.trustpoints()
                : List.of(pki.trustpoint(name).orElseThrow(() -> Validate.unknown("trustpoint", name)));
        StringBuilder out = new StringBuilder();
        for (TrustpointInfo t : tps) {
            out.append(describe(t)).append('\n');
        }
        System.out.print(out);
        return null;
    }

    static String describe(TrustpointInfo t) {
        StringBuilder b = new StringBuilder();
        b.append("Trustpoint ").append(t.name()).append(":\n");
        b.append("    Subject Name: ").append(t.subjectName().orElse("(not set)")).append('\n');
        b.append("    Key pair: ").append(t.keyPair().orElse("(not set)")).append('\n');
        b.append("    Enrollment: ").append(t.enrollMode().map(m -> m.name().toLowerCase()).orElse("(not set)")).append('\n');
        b.append("    Identity certificate: ").append(t.identity()
                .map(c -> "serial " + c.serialNumber() + ", expires " + CertificateText.time(c.notAfter())
                        + " (" + c.daysUntilExpiry() + " days)")
                .orElse(t.requestPending() ? "request pending" : "none")).append('\n');
        b.append("    CA certificates: ").append(t.caCertificates().size()).append('\n');
        for (var c : t.caCertificates()) {
            b.append("      ").append(c.subject()).append(" (serial ").append(c.serialNumber()).append(", ")
                    .append(c.daysUntilExpiry()).append(" days)\n");
        }
        b.append("    Status: ").append(t.identity().isPresent() ? "Enrolled"
                : t.caCertificates().isEmpty() ? "Not authenticated" : "Authenticated").append('\n');
        return b.toString();
    }
}
