package org.imegate.tls.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.pki.KeyPairInfo;
import org.imegate.api.pki.PkiService;
import org.imegate.api.validation.Validate;

/** {@code crypto key generate rsa label <label> [modulus <size>]}. */
@Service
@Command(scope = "crypto", name = "key-generate",
        description = "Generates an RSA key pair: key-generate rsa label <key-pair-label> [modulus 1024|2048|3072|4096]")
public class KeyGenerate implements Action {

    @Reference
    PkiService pki;

    @Argument(index = 0, name = "words", required = true, multiValued = true,
            description = "rsa label <key-pair-label> [modulus <size>] [noconfirm]")
    @Completion(Completers.KeyWords.class)
    List<String> words;

    @Override
    public Object execute() {
        Map<String, String> w = RsaWords.parse(words, Set.of("label", "modulus"),
                Set.of("noconfirm"));
        String label = Validate.required("label", w.get("label"));
        int modulus = w.containsKey("modulus")
                ? Validate.parseInt("modulus", w.get("modulus"), 1024, 4096) : PkiService.DEFAULT_MODULUS;
        System.out.println("INFO: The name for the keys will be: " + label);
        System.out.println("Keypair generation process begin. Please wait...");
        KeyPairInfo k = pki.generateRsaKeyPair(label, modulus);
        System.out.println("Key pair " + k.label() + " generated: " + k.algorithm() + " " + k.bits()
                + " bits, SHA-256 fingerprint " + k.fingerprint());
        return null;
    }
}
