package org.imegate.fallback.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.validation.Validate;
import org.imegate.fallback.FallbackModules;
import org.imegate.fallback.ModuleRow;

/**
 * {@code fallback:show-sensitivity [level]}: the sensitivity module in force for each level, where its limits
 * come from ({@code builtin} or a {@code .fbs} file) and the limits.
 */
@Service
@Command(scope = "fallback", name = "show-sensitivity",
        description = "Shows the fallback sensitivity module in force for each level (0-5) and its limits")
public class ShowSensitivity implements Action {

    @Reference
    FallbackModules modules;

    @Argument(index = 0, name = "level", required = false,
            description = "only this level: 0-5 or its name (disable, utility, accommodative, nominal, moderate, aggressive)")
    @Completion(LevelCompleter.class)
    String level;

    @Override
    public Object execute() {
        List<ModuleRow> rows = modules.inForce();
        if (level != null) {
            int wanted = parse(level).value();
            rows = rows.stream().filter(r -> r.level() == wanted).toList();
        }
        System.out.print(SensitivityTable.format(rows, modules.lastRefusal()));
        return null;
    }

    static SensitivityLevel parse(String text) {
        if (text.trim().matches("-?[0-9]+")) {
            return SensitivityLevel.of(Validate.parseInt("level", text, SensitivityLevel.MIN, SensitivityLevel.MAX));
        }
        return Validate.oneOf("level", text, SensitivityLevel.class);
    }
}
