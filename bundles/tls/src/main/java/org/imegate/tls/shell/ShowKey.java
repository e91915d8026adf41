package org.imegate.tls.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.pki.KeyPairInfo;
import org.imegate.api.pki.PkiService;
import org.imegate.api.validation.Validate;

/** {@code show crypto key mypubkey rsa}: the key pairs and their public keys. */
@Service
@Command(scope = "crypto", name = "show-key", description = "Shows the RSA key pairs and their public keys (show crypto key mypubkey rsa)")
public class ShowKey implements Action {

    @Reference
    PkiService pki;

    @Argument(index = 0, name = "label", required = false, description = "only this key pair")
    @Completion(Completers.KeyWords.class)
    String label;

    @Override
    public Object execute() {
        List<KeyPairInfo> keys = label == null ? pki.keyPairs()
                : List.of(pki.keyPair(label).orElseThrow(() -> Validate.unknown("label", label)));
        StringBuilder out = new StringBuilder();
        for (KeyPairInfo k : keys) {
            out.append("Key pair was generated at: ").append(CertificateText.time(k.created())).append('\n');
            out.append("Key name: ").append(k.label()).append('\n');
            out.append(" Usage: General Purpose Key\n");
            out.append(" Modulus Size (bits): ").append(k.bits()).append('\n');
            out.append(" Used by trustpoints: ").append(k.trustpoints().isEmpty() ? "none"
                    : String.join(", ", k.trustpoints())).append('\n');
            out.append(" SHA-256 fingerprint: ").append(k.fingerprint()).append('\n');
            out.append(" Key Data:\n").append(k.publicKeyPem().strip().indent(2)).append('\n');
        }
        System.out.print(out);
        return null;
    }
}
