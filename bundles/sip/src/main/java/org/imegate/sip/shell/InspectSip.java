package org.imegate.sip.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.validation.SeedWords;
import org.imegate.api.validation.Validate;
import org.imegate.sip.config.InspectConfig.Direction;
import org.imegate.sip.inspect.UcImeService;

/**
 * {@code inspect sip tls-proxy <name> uc-ime <name>} for the inbound or outbound class, accepting both
 * argument orders of the seeds ({@code tls-proxy ... uc-ime ...} and {@code uc-ime ... tls-proxy ...}).
 * Applying starts the SIP listeners and locks the uc-ime proxy's settings.
 */
@Service
@Command(scope = "uc-ime", name = "inspect-sip",
        description = "Applies SIP inspection: inspect-sip inbound|outbound tls-proxy <name> uc-ime <name>")
public class InspectSip implements Action {

    @Reference
    UcImeService service;

    @Argument(index = 0, name = "class", required = true, description = "inbound (remote enterprises) or outbound (the call agent)")
    @Completion(Completers.Directions.class)
    String direction;

    @Argument(index = 1, name = "words", required = true, multiValued = true, description = "tls-proxy <name> uc-ime <name>")
    @Completion(Completers.InspectWords.class)
    List<String> words;

    @Override
    public Object execute() {
        Direction d = Validate.oneOf("class", direction, Direction.class);
        Map<String, String> w = SeedWords.parse(words, Set.of("tls-proxy", "uc-ime"), Set.of());
        String tlsProxy = Validate.required("tls-proxy", w.get("tls-proxy"));
        String ucIme = Validate.required("uc-ime", w.get("uc-ime"));
        service.applyInspection(d, tlsProxy, ucIme);
        System.out.println("SIP inspection " + d.name().toLowerCase() + " applied: tls-proxy " + tlsProxy + " uc-ime " + ucIme);
        for (var a : service.listening()) {
            System.out.println("  listening on " + a.getAddress().getHostAddress() + ":" + a.getPort());
        }
        return null;
    }
}
