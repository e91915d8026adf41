package org.imegate.ring.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.validation.Validate;
import org.imegate.ring.RingControl;

/**
 * The enrollment CA of a private federation: issues a ring node certificate for a PKCS#10 request (the
 * output of {@code crypto:ca-enroll} on the node's trustpoint, saved to a file) with the key of the
 * enrollment CA trustpoint, and prints it PEM for {@code crypto:ca-import <trustpoint> certificate}.
 */
@Service
@Command(scope = "ime", name = "dht-issue-certificate", description = "Issues a ring node certificate: dht-issue-certificate [--days n] [--out file] <ca-trustpoint> <csr-file>")
public class DhtIssueCertificate implements Action {
    @Reference
    RingControl ring;

    @Option(name = "--days", description = "validity in days (default 365)")
    int days = 365;

    @Option(name = "--out", description = "also write the certificate to this file (relative to the appliance directory)")
    String out;

    @Argument(index = 0, name = "ca-trustpoint", description = "enrollment CA trustpoint (with its key pair)", required = true)
    String caTrustpoint;

    @Argument(index = 1, name = "csr-file", description = "file holding the PEM certificate request", required = true)
    String csrFile;

    @Override
    public Object execute() {
        String csr;
        try {
            csr = Files.readString(path(csrFile), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw Validate.fail("csr-file", csrFile, "cannot be read: " + e.getMessage());
        }
        String pem = ring.issueCertificate(caTrustpoint, csr, days);
        System.out.print(pem);
        if (out != null) {
            try {
                Files.writeString(path(out), pem, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw Validate.fail("out", out, "cannot be written: " + e.getMessage());
            }
        }
        return null;
    }

    /** A relative path is taken from the appliance directory (karaf.base), as the crypto commands do. */
    static Path path(String name) {
        Path p = Path.of(name);
        return p.isAbsolute() ? p : Path.of(System.getProperty("karaf.base", ".")).resolve(p);
    }
}
