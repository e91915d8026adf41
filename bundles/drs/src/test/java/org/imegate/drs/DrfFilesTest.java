package org.imegate.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrfFilesTest {
    @TempDir
    Path tmp;

    @Test
    void devicesAndSchedulesRoundTrip() throws IOException {
        DrfFiles f = new DrfFiles(tmp);
        List<Device> devices = List.of(Device.local("local disk", 3), new Device("offsite", Device.Type.NETWORK, 7,
                "/srv/backups", "sftp.example", 2222, "drs", "ENC(abc)", "SHA256:xyz"));
        f.writeDevices(devices);
        assertEquals(devices, f.readDevices());
        String xml = java.nio.file.Files.readString(f.devicesFile());
        assertTrue(xml.contains("<password>ENC(abc)</password>"), "only the sealed password is kept: " + xml);
        List<Schedule> schedules = List.of(new Schedule("nightly", "offsite", "IME", LocalDateTime.of(2030, 1, 1, 2, 0),
                Schedule.Frequency.DAILY, true, Instant.parse("2029-12-31T10:00:00Z"),
                Instant.parse("2030-01-01T02:00:00Z"), "SUCCESS 2030-01-01-02-00-00"));
        f.writeSchedules(schedules);
        assertEquals(schedules, f.readSchedules());
    }

    @Test
    void badDocumentsAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<drfDevices version=\"1\"><device name=\"&x;\" type=\"local\" numberOfBackups=\"1\"/></drfDevices>";
        assertThrows(IOException.class, () -> DrfFiles.parseDevices(in(xxe)));
        String badName = "<drfDevices version=\"1\"><device name=\"a/b\" type=\"local\" numberOfBackups=\"1\"/>"
                + "</drfDevices>";
        IOException e = assertThrows(IOException.class, () -> DrfFiles.parseDevices(in(badName)));
        assertTrue(e.getMessage().contains("device_name a/b"), e.getMessage());
        assertThrows(IOException.class, () -> DrfFiles.parseSchedules(in("<drfSchedules version=\"2\"/>")));
    }

    static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
