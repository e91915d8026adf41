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
import org.imegate.api.pki.EnrollMode;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.pki.TrustpointSpec;
import org.imegate.api.validation.SeedWords;
import org.imegate.api.validation.Validate;

/**
 * {@code crypto ca trustpoint <name>} with the sub-commands of its configuration mode on one line:
 * {@code ca-trustpoint local-asa subject-name "cn=ent-a.example, o=Example Corp" keypair k enroll self}.
 */
@Service
@Command(scope = "crypto", name = "ca-trustpoint",
        description = "Creates or changes a trustpoint: ca-trustpoint <name> [subject-name <X.500 name>] [keypair <label>] [enroll self|terminal]")
public class CaTrustpoint implements Action {

    @Reference
    PkiService pki;

    @Argument(index = 0, name = "trustpoint", required = true, description = "trustpoint name, at most 128 characters")
    @Completion(Completers.TrustpointNames.class)
    String name;

    @Argument(index = 1, name = "settings", required = false, multiValued = true,
            description = "subject-name <X.500 name> | keypair <label> | enroll self|terminal")
    @Completion(Completers.TrustpointWords.class)
    List<String> words;

    @Override
    public Object execute() {
        Map<String, String> w = SeedWords.parse(words, Set.of("subject-name", "keypair", "enroll"), Set.of());
        TrustpointSpec spec = TrustpointSpec.named(name);
        if (w.containsKey("subject-name")) {
            spec = spec.withSubjectName(w.get("subject-name"));
        }
        if (w.containsKey("keypair")) {
            spec = spec.withKeyPair(w.get("keypair"));
        }
        if (w.containsKey("enroll")) {
            spec = spec.withEnrollMode(Validate.oneOf("enroll", w.get("enroll"), EnrollMode.class));
        }
        TrustpointInfo t = pki.defineTrustpoint(spec);
        System.out.print(ShowCaTrustpoints.describe(t));
        return null;
    }
}
