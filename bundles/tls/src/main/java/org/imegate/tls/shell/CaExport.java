package org.imegate.tls.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.imegate.api.pki.PkiService;
import org.imegate.api.validation.Validate;

/**
 * {@code crypto ca export <trustpoint> identity-certificate}: prints the identity certificate (PEM);
 * {@code crypto ca export <trustpoint> pkcs12}: the key pair and certificates, encrypted with a
 * passphrase that is asked for twice.
 */
@Service
@Command(scope = "crypto", name = "ca-export",
        description = "Exports a trustpoint's identity certificate (PEM) or its key and certificates (pkcs12)")
public class CaExport implements Action {

    @Reference
    PkiService pki;

    @Reference
    Session session;

    @Argument(index = 0, name = "trustpoint", required = true)
    @Completion(Completers.TrustpointNames.class)
    String name;

    @Argument(index = 1, name = "what", required = true, description = "identity-certificate | pkcs12")
    @Completion(Completers.ExportKinds.class)
    String what;

    @Option(name = "--file", description = "write to this file instead of the terminal (PKCS#12 is written in DER)")
    String file;

    @Override
    public Object execute() throws Exception {
        switch (what) {
            case "identity-certificate" -> {
                String pem = pki.exportIdentityCertificate(name);
                if (file != null) {
                    Files.writeString(Terminal.path(file), pem);
                    System.out.println("Identity certificate of " + name + " written to " + Terminal.path(file));
                } else {
                    System.out.println("The PEM encoded identity certificate follows:");
                    System.out.print(pem.endsWith("\n") ? pem : pem + "\n");
                }
            }
            case "pkcs12" -> {
                char[] pass = Terminal.readSecret(session, "Passphrase: ");
                char[] again = Terminal.readSecret(session, "Re-enter passphrase: ");
                try {
                    if (!Arrays.equals(pass, again)) {
                        throw Validate.fail("passphrase", "*****", "was not entered the same twice");
                    }
                    byte[] p12 = pki.exportPkcs12(name, pass);
                    if (file != null) {
                        Path p = Terminal.path(file);
                        Files.deleteIfExists(p);
                        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                        Files.write(p, p12, StandardOpenOption.TRUNCATE_EXISTING);
                        System.out.println("Exported pkcs12 of " + name + " written to " + p);
                    } else {
                        System.out.println("Exported pkcs12 follows:");
                        System.out.println(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(p12));
                        System.out.println("---End - This line not part of the pkcs12---");
                    }
                } finally {
                    Arrays.fill(pass, '\0');
                    Arrays.fill(again, '\0');
                }
            }
            default -> throw Validate.fail("what", what, "must be identity-certificate or pkcs12");
        }
        return null;
    }
}
