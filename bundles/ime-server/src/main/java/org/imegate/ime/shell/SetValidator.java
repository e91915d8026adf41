package org.imegate.ime.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.validation.Validate;
import org.imegate.ime.ImeText;

/** {@code set ime validator local <setting> <value>}, e.g. {@code bucketentropy 23} (IME-46, UND-07/08/09). */
@Service
@Command(scope = "ime", name = "set-validator", description = "Sets a validator rule: set-validator local"
        + " bucketentropy|validationsrequired|mininterval|maxdelay|tolerance|retention|tlsconcurrent|tlsrate <value>")
public class SetValidator implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "words", required = true, multiValued = true, description = "local <setting> <value>")
    @Completion(Completers.ValidatorSetting.class)
    List<String> words;

    @Override
    public Object execute() {
        if (words.size() != 3 || !"local".equals(words.get(0))) {
            throw Validate.fail("set-validator", String.join(" ", words), "must be: local <setting> <value>");
        }
        ime.setValidator(words.get(1), words.get(2));
        System.out.print(ImeText.validator(ime.validatorSettings(), ime.blockedDomains(), ime.excludedNumbers()));
        return null;
    }
}
