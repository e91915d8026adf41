package org.imegate.tls.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.pki.EnrollMode;
import org.imegate.api.pki.EnrollmentResult;
import org.imegate.api.pki.PkiService;

/**
 * {@code crypto ca enroll <trustpoint>}: self enrollment installs a self-signed identity certificate;
 * terminal enrollment prints the base-64 PKCS#10 request to copy to the CA.
 */
@Service
@Command(scope = "crypto", name = "ca-enroll", description = "Enrolls a trustpoint (self-signed, or prints a PKCS#10 request for the CA)")
public class CaEnroll implements Action {

    @Reference
    PkiService pki;

    @Argument(index = 0, name = "trustpoint", required = true)
    @Completion(Completers.TrustpointNames.class)
    String name;

    @Argument(index = 1, name = "noconfirm", required = false, description = "accepted for ASA compatibility; nothing is asked")
    String noconfirm;

    @Option(name = "--file", description = "also write the PKCS#10 request to this file")
    String file;

    @Override
    public Object execute() throws Exception {
        if (noconfirm != null && !"noconfirm".equals(noconfirm)) {
            throw org.imegate.api.validation.Validate.fail("noconfirm", noconfirm, "is the only word allowed after the trustpoint");
        }
        EnrollmentResult r = pki.enroll(name);
        System.out.println("% Start certificate enrollment ..");
        System.out.println("% The subject name in the certificate will be: " + r.subjectName());
        if (r.mode() == EnrollMode.SELF) {
            r.certificate().ifPresent(c -> System.out.println("% Self-signed certificate installed, serial number "
                    + c.serialNumber() + ", valid until " + CertificateText.time(c.notAfter())));
        } else {
            String pem = r.requestPem().orElseThrow();
            System.out.println("% Certificate Request follows:");
            System.out.println();
            System.out.print(pem.endsWith("\n") ? pem : pem + "\n");
            System.out.println();
            System.out.println("---End - This line not part of the certificate request---");
            if (file != null) {
                java.nio.file.Files.writeString(Terminal.path(file), pem);
                System.out.println("% Request written to " + Terminal.path(file));
            }
        }
        return null;
    }
}
