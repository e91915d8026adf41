package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.validation.Validate;
import org.imegate.ime.ImeText;

/**
 * Local trust of the IME server: {@code set-trust domain <domain> block|allow} (never validated with,
 * never given a ticket) and {@code set-trust number <+E.164> exclude|include} (never validated as
 * terminating side: fax, analog lines).
 */
@Service
@Command(scope = "ime", name = "set-trust", description = "set-trust domain <domain> block|allow, set-trust number <+E.164> exclude|include")
public class SetTrust implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "kind", required = true, description = "domain or number")
    @Completion(Completers.Trust.class)
    String kind;

    @Argument(index = 1, name = "value", required = true, description = "the domain or the +E.164 number")
    String value;

    @Argument(index = 2, name = "action", required = true, description = "block|allow (domain), exclude|include (number)")
    @Completion(Completers.Trust.class)
    String action;

    @Override
    public Object execute() {
        switch (kind) {
            case "domain" -> ime.blockDomain(value, switch (action) {
                case "block" -> true;
                case "allow" -> false;
                default -> throw Validate.fail("action", action, "must be block or allow");
            });
            case "number" -> ime.excludeNumber(value, switch (action) {
                case "exclude" -> true;
                case "include" -> false;
                default -> throw Validate.fail("action", action, "must be exclude or include");
            });
            default -> throw Validate.fail("kind", kind, "must be domain or number");
        }
        System.out.print(ImeText.validator(ime.validatorSettings(), ime.blockedDomains(), ime.excludedNumbers()));
        return null;
    }
}
