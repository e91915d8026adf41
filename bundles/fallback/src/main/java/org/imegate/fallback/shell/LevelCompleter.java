package org.imegate.fallback.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.fallback.SensitivityLevel;

/** The levels, by number and by name. */
@Service
public class LevelCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        List<String> values = new ArrayList<>();
        for (SensitivityLevel l : SensitivityLevel.values()) {
            values.add(Integer.toString(l.value()));
            values.add(l.name().toLowerCase(Locale.ROOT));
        }
        return new StringsCompleter(values).complete(session, line, candidates);
    }
}
