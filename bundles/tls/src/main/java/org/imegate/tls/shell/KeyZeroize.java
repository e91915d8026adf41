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
import org.imegate.api.pki.PkiService;
import org.imegate.api.validation.Validate;

/** {@code crypto key zeroize rsa label <label>}: destroys a key pair no trustpoint uses. */
@Service
@Command(scope = "crypto", name = "key-zeroize", description = "Destroys an RSA key pair: key-zeroize rsa label <key-pair-label>")
public class KeyZeroize implements Action {

    @Reference
    PkiService pki;

    @Argument(index = 0, name = "words", required = true, multiValued = true,
            description = "rsa label <key-pair-label> [noconfirm]")
    @Completion(Completers.KeyWords.class)
    List<String> words;

    @Override
    public Object execute() {
        Map<String, String> w = RsaWords.parse(words, Set.of("label"), Set.of("noconfirm"));
        String label = Validate.required("label", w.get("label"));
        pki.removeKeyPair(label);
        System.out.println("Key pair " + label + " zeroized");
        return null;
    }
}
