package org.imegate.tls.shell;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.validation.Validate;

/**
 * {@code crypto ca import <trustpoint> certificate}: installs the identity certificate the CA signed;
 * {@code crypto ca import <trustpoint> pkcs12}: creates a trustpoint from a PKCS#12 file (the
 * passphrase is asked for, never taken from the command line).
 */
@Service
@Command(scope = "crypto", name = "ca-import",
        description = "Imports the CA-signed identity certificate (certificate) or a PKCS#12 bundle (pkcs12) into a trustpoint")
public class CaImport implements Action {

    @Reference
    PkiService pki;

    @Reference
    Session session;

    @Argument(index = 0, name = "trustpoint", required = true)
    @Completion(Completers.TrustpointNames.class)
    String name;

    @Argument(index = 1, name = "what", required = true, description = "certificate | pkcs12")
    @Completion(Completers.ImportKinds.class)
    String what;

    @Option(name = "--file", description = "read from this file (PEM certificate; PKCS#12 in DER or base 64) instead of the terminal")
    String file;

    @Override
    public Object execute() throws Exception {
        switch (what) {
            case "certificate" -> {
                String pem = file != null ? new String(Terminal.readFile(file), StandardCharsets.US_ASCII)
                        : Terminal.readBlock(session, System.out, "Enter the base 64 encoded certificate.");
                CertificateInfo c = pki.importCertificate(name, pem);
                System.out.println("INFO: Certificate successfully imported, serial number " + c.serialNumber()
                        + ", valid until " + CertificateText.time(c.notAfter()));
            }
            case "pkcs12" -> {
                byte[] data = file != null ? Terminal.readFile(file)
                        : Terminal.readBlock(session, System.out, "Enter the base 64 encoded pkcs12.")
                                .getBytes(StandardCharsets.US_ASCII);
                char[] pass = Terminal.readSecret(session, "Passphrase: ");
                try {
                    TrustpointInfo t = pki.importPkcs12(name, decode(data), pass);
                    System.out.println("INFO: Import PKCS12 operation completed successfully: trustpoint " + t.name()
                            + ", key pair " + t.keyPair().orElse("-") + ", " + t.caCertificates().size()
                            + " CA certificate(s)");
                } finally {
                    Arrays.fill(pass, '\0');
                }
            }
            default -> throw Validate.fail("what", what, "must be certificate or pkcs12");
        }
        return null;
    }

    /** DER as is; base 64 text (optionally between BEGIN/END lines) decoded. */
    static byte[] decode(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        String stripped = text.replaceAll("-----[A-Z0-9 ]+-----", "").replaceAll("\\s", "");
        if (!stripped.isEmpty() && stripped.matches("[A-Za-z0-9+/=]+")) {
            try {
                return Base64.getDecoder().decode(stripped);
            } catch (IllegalArgumentException e) {
                throw Validate.fail("pkcs12", "input", "is neither DER nor valid base 64");
            }
        }
        return data;
    }
}
