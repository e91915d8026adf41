package org.imegate.tls.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.PkiService;
import org.imegate.api.validation.Validate;

/** {@code show crypto ca certificates [trustpoint]}. */
@Service
@Command(scope = "crypto", name = "show-ca-certificates",
        description = "Shows the certificates: subject, issuer, serial, validity and days until expiry")
public class ShowCaCertificates implements Action {

    @Reference
    PkiService pki;

    @Argument(index = 0, name = "trustpoint", required = false)
    @Completion(Completers.TrustpointNames.class)
    String name;

    @Override
    public Object execute() {
        if (name != null && pki.trustpoint(name).isEmpty()) {
            throw Validate.unknown("trustpoint", name);
        }
        List<CertificateInfo> certs = pki.certificates().stream()
                .filter(c -> name == null || c.trustpoint().equals(name)).toList();
        StringBuilder out = new StringBuilder();
        for (CertificateInfo c : certs) {
            out.append(CertificateText.block(c)).append('\n');
        }
        System.out.print(out);
        return null;
    }
}
