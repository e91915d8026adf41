package org.imegate.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import org.imegate.api.alert.AlertCatalogue;
import org.imegate.api.alert.AlertDefinition;
import org.junit.jupiter.api.Test;

class ImegateMibTest {

    /** The shipped MIB is what the agent serves; {@code -Dimegate.mib.write=true} rewrites it after a change. */
    @Test
    void theShippedMibIsTheRenderedOne() throws Exception {
        Path shipped = Paths.get("src/main/mib/IMEGATE-MIB.txt");
        String text = ImegateMib.render();
        if (Boolean.getBoolean("imegate.mib.write")) {
            Files.writeString(shipped, text, StandardCharsets.US_ASCII);
        }
        assertEquals(text, Files.readString(shipped, StandardCharsets.US_ASCII),
                "src/main/mib/IMEGATE-MIB.txt differs from ImegateMib.render(); rerun with -Dimegate.mib.write=true");
    }

    @Test
    void everyCatalogueAlertHasItsOwnNotificationAndOidsAreUnique() {
        Set<Integer> numbers = new HashSet<>();
        for (AlertDefinition d : AlertCatalogue.all()) {
            assertTrue(numbers.add(d.notification()), d.name());
            assertTrue(ImegateMib.render().contains("imegate" + d.name() + " NOTIFICATION-TYPE"), d.name());
        }
        Set<String> oids = new HashSet<>();
        ImegateMib.counters().forEach(c -> assertTrue(oids.add(c.oid()), c.descriptor()));
        assertEquals(ImegateMib.NOTIFICATIONS + ".10", ImegateMib.notificationOid("ValidationsPendingExceeded"));
        assertEquals(ImegateMib.NOTIFICATIONS + ".100", ImegateMib.notificationOid("SomethingNew"));
    }
}
