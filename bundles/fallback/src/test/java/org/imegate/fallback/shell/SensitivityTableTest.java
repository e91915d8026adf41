package org.imegate.fallback.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.fallback.Thresholds;
import org.imegate.api.validation.ValidationException;
import org.imegate.fallback.ModuleRow;
import org.junit.jupiter.api.Test;

class SensitivityTableTest {

    @Test
    void tableShowsLevelNameSourceAndLimits() {
        String out = SensitivityTable.format(List.of(
                new ModuleRow(0, "Disable", "builtin", "org.imegate.fallback.default", Thresholds.NONE),
                new ModuleRow(3, "Nominal strict", "strict.fbs", "acme.strict", new Thresholds(2000, 5, 80, 30000, 50))),
                "bad.fbs: ERROR: version 2 is not supported (1 is); the sensitivity modules in force are kept");
        assertEquals("""
                Level  Name            Source      Module                        maxRblrPctX100  maxIteIn8s  maxBlsMs  maxMovAvgPdvUs  maxConcealedSecPct
                0      Disable         builtin     org.imegate.fallback.default               -           -         -               -                   -
                3      Nominal strict  strict.fbs  acme.strict                             2000           5        80           30000                  50
                Last refused file: bad.fbs: ERROR: version 2 is not supported (1 is); the sensitivity modules in force are kept
                """, out);
    }

    @Test
    void levelArgumentTakesNumbersAndNames() {
        assertEquals(SensitivityLevel.NOMINAL, ShowSensitivity.parse("3"));
        assertEquals(SensitivityLevel.AGGRESSIVE, ShowSensitivity.parse("Aggressive"));
        assertEquals("ERROR: level 9 out of range 0-5",
                assertThrows(ValidationException.class, () -> ShowSensitivity.parse("9")).getMessage());
        assertEquals("ERROR: level best must be one of disable, utility, accommodative, nominal, moderate, aggressive",
                assertThrows(ValidationException.class, () -> ShowSensitivity.parse("best")).getMessage());
    }
}
