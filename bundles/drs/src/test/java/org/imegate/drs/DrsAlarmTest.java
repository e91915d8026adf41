package org.imegate.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.imegate.api.alert.AlertCatalogue;
import org.imegate.api.alert.AlertDefinition;
import org.imegate.api.drs.DrsAlarm;
import org.junit.jupiter.api.Test;

/** The DRS raises the 21 alarms of the alert catalogue, under the catalogue's module and severities. */
class DrsAlarmTest {

    @Test
    void everyDrsAlarmIsInTheAlertCatalogueAsTheDrsRaisesIt() {
        assertEquals(21, DrsAlarm.values().length);
        for (DrsAlarm alarm : DrsAlarm.values()) {
            AlertDefinition d = AlertCatalogue.find(alarm.name()).orElseThrow(() -> new AssertionError(alarm.name()));
            assertEquals(DrsAlarm.MODULE, d.module(), alarm.name());
            assertEquals(alarm.severity(), d.severity(), alarm.name());
        }
        List<String> catalogued = AlertCatalogue.all().stream().map(AlertDefinition::name)
                .filter(n -> n.startsWith("DRF")).sorted().toList();
        assertEquals(Arrays.stream(DrsAlarm.values()).map(Enum::name).sorted().toList(), catalogued);
    }
}
